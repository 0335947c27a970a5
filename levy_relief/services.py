"""Every write of levy relief: applications, materials, each step of the flow, the decision
number and the payment of a deferred levy. Atomic; saves are audited by cdpf's signals."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf import private_files
from cdpf.messages import Line, dumps, loads, render_text
from cdpf.params import MissingParameter, get_param, get_param_row, parse_value
from cdpf.pdf import next_number
from employment_quota.models import Declaration, Employer
from levy_relief import flows, rules
from levy_relief.models import ReliefApplication, ReliefMaterial

Material = ReliefApplication.Material


def _require(actor, allowed: tuple[str, ...]) -> None:
    if not actor.has_role(*allowed):
        raise PermissionDenied(_("Your role may not do this."))


def _decision_param(name: str, *, on: datetime.date, region):
    """A parameter the decision needs; where the region has none in force, a clear refusal
    (nothing decided) instead of a server error."""
    try:
        return get_param(name, on=on, region=region)
    except MissingParameter as exc:
        raise ValidationError(
            _(
                "No value of %(name)s is in force on %(on)s for %(region)s: ask the "
                "administrator to set it, then decide again."
            )
            % {"name": name, "on": on, "region": region.name},
            code="missing_parameter",
        ) from exc


def _approved(employer_id: int, levy_year: int, *, exclude: int | None = None):
    qs = ReliefApplication.objects.filter(
        employer_id=employer_id, levy_year=levy_year, state=flows.APPROVED
    )
    return qs.exclude(pk=exclude) if exclude else qs


def _check_amounts(application: ReliefApplication, *, on: datetime.date) -> None:
    """The caps (parameters in force on `on`) and the overlap rule against approved reliefs."""
    region = application.region
    approved = _approved(application.employer_id, application.levy_year, exclude=application.pk)
    if rules.overlaps(application.kind, approved.values_list("kind", flat=True)):
        raise ValidationError(
            _(
                "%(employer)s already holds an approved relief for %(year)s that this one "
                "would overlap."
            )
            % {"employer": application.employer.name, "year": application.levy_year}
        )
    remitted = approved.filter(kind__in=rules.REMISSIONS).aggregate(s=Sum("amount"))["s"] or 0
    if application.kind == rules.DEFERRAL:
        application.amount = application.levy_due - remitted
        if application.amount <= 0:
            raise ValidationError(_("Nothing of this levy is left to defer."))
        rules.check_deferral(
            original_due=application.original_due_date,
            new_due=application.new_due_date,
            max_months=get_param("relief.max_deferral_months", on=on, region=region),
        )
        return
    if application.kind == rules.EXEMPTION:
        application.amount = application.levy_due
    rules.check_remission_cap(
        levy_due=application.levy_due,
        cap_years=get_param("relief.max_reduction_exemption_years", on=on, region=region),
        already_remitted=Decimal(remitted),
        requested=application.amount,
    )


def audited_declaration(employer: Employer, levy_year: int) -> Declaration | None:
    """The employer's approved (audited) declaration of the year, if any."""
    return (
        Declaration.objects.filter(
            employer=employer, audit_year__year=levy_year, state=Declaration.State.APPROVED
        )
        .select_related("audit_year")
        .first()
    )


def levy_due_date(declaration: Declaration) -> datetime.date:
    """The due date of an audited levy: the close of the year's audit window, by which the
    employer declares and pays (the audited figure is what the tax bureau collects)."""
    return declaration.audit_year.closes_on


def _due_date_of_the_levy(declaration: Declaration, *, typed: datetime.date | None):
    """The original due date comes from the levy, never from the form: a typed date that
    disagrees is refused with both dates (a deferral measured from a date typed freely ran
    22 months past the window against a 6-month cap)."""
    due = levy_due_date(declaration)
    if typed is not None and typed != due:
        raise ValidationError(
            {
                "original_due_date": _(
                    "The original due date typed, %(typed)s, disagrees with the levy: the "
                    "audited %(year)s levy was due on %(due)s (the close of the audit window). "
                    "Leave the field empty or enter %(due)s."
                )
                % {"typed": typed, "due": due, "year": declaration.audit_year.year}
            }
        )
    return due


@transaction.atomic
def application_receive(
    *,
    actor,
    employer: Employer,
    levy_year: int,
    kind: str,
    ground: str,
    event_date: datetime.date,
    loss_amount: Decimal,
    description: str,
    received_on: datetime.date,
    original_due_date: datetime.date | None = None,
    amount: Decimal | None = None,
    new_due_date: datetime.date | None = None,
    assessed_levy: Decimal | None = None,
    tax_reference: str = "",
) -> ReliefApplication:
    """受理: an application starts from the year's audited levy, or, where the employer has no
    audited figure, from the tax bureau's assessed amount with its reference."""
    _require(actor, flows.RECEIVERS)
    if not actor.region.contains(employer.region):
        raise PermissionDenied(_("The employer belongs to another region."))
    declaration = audited_declaration(employer, levy_year)
    if declaration is not None:
        basis, levy_due, tax_reference = ReliefApplication.Basis.AUDITED, declaration.amount_due, ""
        original_due_date = _due_date_of_the_levy(declaration, typed=original_due_date)
    else:
        if assessed_levy is None or not tax_reference.strip():
            raise ValidationError(
                {
                    "assessed_levy": _(
                        "%(employer)s has no audited levy for %(year)s: enter the amount "
                        "assessed by the tax bureau and its reference."
                    )
                    % {"employer": employer.name, "year": levy_year}
                }
            )
        basis, levy_due = ReliefApplication.Basis.TAX, assessed_levy
        if original_due_date is None:
            raise ValidationError(
                {
                    "original_due_date": _(
                        "Enter the due date of the tax bureau's assessment (on its notice)."
                    )
                }
            )
    if not levy_due or levy_due <= 0:
        raise ValidationError(_("There is no levy due for this year: nothing to relieve."))
    if event_date > received_on:
        raise ValidationError({"event_date": _("The event cannot be after the application.")})
    if kind != rules.DEFERRAL:
        new_due_date = None
    elif new_due_date is None:
        raise ValidationError({"new_due_date": _("Enter the new due date asked for.")})
    if kind == rules.REDUCTION and amount is None:
        raise ValidationError({"amount": _("Enter the amount to reduce.")})
    application = ReliefApplication(
        region=employer.region,
        employer=employer,
        levy_year=levy_year,
        declaration=declaration,
        basis=basis,
        tax_reference=tax_reference.strip(),
        levy_due=levy_due,
        original_due_date=original_due_date,
        kind=kind,
        amount=amount if kind == rules.REDUCTION else levy_due,
        new_due_date=new_due_date,
        ground=ground,
        event_date=event_date,
        loss_amount=loss_amount,
        description=description.strip(),
        received_on=received_on,
        created_by=actor,
    )
    _check_amounts(application, on=received_on)
    application.full_clean()
    application.save()
    return application


def _locked(application: ReliefApplication) -> ReliefApplication:
    return ReliefApplication.objects.select_for_update().get(pk=application.pk)


def _step(actor, application: ReliefApplication, name: str) -> ReliefApplication:
    """Lock the row, then check the step against the table with the fresh state."""
    application = _locked(application)
    flows.FLOW.advance(actor, application, name)
    return application


AREA = "levy_relief"  # under PRIVATE_STORAGE_DIR


@transaction.atomic
def material_add(*, actor, application: ReliefApplication, kind: str, upload) -> ReliefMaterial:
    """Keep an uploaded material under private storage (type checked by content)."""
    _require(actor, flows.RECEIVERS)
    if application.state in flows.FINAL_STATES:
        raise ValidationError(_("The application is decided; its file is closed."))
    if kind not in Material.values:
        raise ValidationError({"kind": _("Choose what the file is.")})
    return ReliefMaterial.objects.create(
        application=application,
        kind=kind,
        **private_files.store(upload, area=AREA),
        uploaded_by=actor,
    )


def material_read(material: ReliefMaterial) -> bytes:
    return private_files.read(AREA, material.path)


def _require_scans(application: ReliefApplication) -> None:
    """Each material the checklist names must be on file as a scan: ticks alone proved
    nothing (issue 19 item 20)."""
    stored = set(application.materials.values_list("kind", flat=True))
    unscanned = [m for m in Material.values if m not in stored]
    if unscanned:
        labels = dict(Material.choices)
        raise ValidationError(
            _(
                "No scan is on file for: %(m)s. Upload each material the checklist names "
                "before it is ticked as in order."
            )
            % {"m": "、".join(str(labels[m]) for m in unscanned)},
            code="scans_missing",
        )


@transaction.atomic
def materials_check(
    *, actor, application: ReliefApplication, ticked: list[str], on: datetime.date
) -> ReliefApplication:
    """材料审查: every required material ticked and on file as a scan → checked."""
    missing = [m for m in Material.values if m not in ticked]
    if missing:
        labels = dict(Material.choices)
        raise ValidationError(
            _("Not every material is ticked; missing: %(m)s. Return the application instead.")
            % {"m": "、".join(str(labels[m]) for m in missing)}
        )
    application = _step(actor, application, "check")
    _require_scans(application)
    application.materials_ticked = list(Material.values)
    application.missing, application.return_note = [], ""
    application.checked_by, application.checked_on = actor, on
    application.save()
    return application


@transaction.atomic
def application_return(
    *,
    actor,
    application: ReliefApplication,
    ticked: list[str],
    note: str = "",
    on: datetime.date | None = None,
) -> ReliefApplication:
    """退回补正 with the list of what is missing (the materials not ticked)."""
    missing = [m for m in Material.values if m not in ticked]
    if not missing and not note.strip():
        raise ValidationError(
            _("Every material is ticked: untick what is missing or say what must be supplied.")
        )
    application = _step(actor, application, "return")
    application.materials_ticked = [m for m in Material.values if m in ticked]
    application.missing, application.return_note = missing, note.strip()
    application.returns = [
        *application.returns,
        {
            "step": "return",
            "on": str(on or timezone.localdate()),
            "by": str(actor),
            "missing": missing,
            "note": note.strip(),
        },
    ]
    application.save()
    return application


@transaction.atomic
def application_resubmit(
    *, actor, application: ReliefApplication, on: datetime.date | None = None
) -> ReliefApplication:
    """The missing materials were supplied: back to the check, recorded in the 办理过程."""
    application = _step(actor, application, "resubmit")
    application.returns = [
        *application.returns,
        {"step": "resubmit", "on": str(on or timezone.localdate()), "by": str(actor)},
    ]
    application.save()
    return application


@transaction.atomic
def application_review(
    *, actor, application: ReliefApplication, opinion: str, on: datetime.date
) -> ReliefApplication:
    """审核: the reviewer's opinion; the caps are checked again."""
    if not opinion.strip():
        raise ValidationError({"opinion": _("Write the review opinion.")})
    application = _step(actor, application, "review")
    _check_amounts(application, on=on)
    application.review_opinion = opinion.strip()
    application.reviewed_by, application.reviewed_on = actor, on
    application.save()
    return application


@transaction.atomic
def application_approve(
    *, actor, application: ReliefApplication, reason: str, on: datetime.date
) -> ReliefApplication:
    """审批: approve with the reason; the decision gets the next number of the year, which two
    approvals at the same moment never share (the counter row is locked)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    # Lock every application of this employer and year first, so two approvals of overlapping
    # reliefs cannot both pass the overlap check.
    list(
        ReliefApplication.objects.select_for_update()
        .filter(employer_id=application.employer_id, levy_year=application.levy_year)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    application = _step(actor, application, "approve")
    _require_scans(application)
    _check_amounts(application, on=on)
    region = application.region
    template = _decision_param("relief.decision_number_format", on=on, region=region)
    sequence = f"relief-decision-{region.code}-{on.year}"
    application.decision_number = rules.decision_number(
        template, year=on.year, n=next_number(sequence)
    )
    application.approver_title = _decision_param("relief.approver_title", on=on, region=region)
    application.decision_reason = reason.strip()
    application.decided_by, application.decided_on = actor, on
    application.save()
    return application


@transaction.atomic
def application_reject(
    *, actor, application: ReliefApplication, reason: str, on: datetime.date
) -> ReliefApplication:
    """不予批准, with the reasons."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reasons for the rejection.")})
    application = _step(actor, application, "reject")
    application.approver_title = _decision_param(
        "relief.approver_title", on=on, region=application.region
    )
    application.decision_reason = reason.strip()
    application.decided_by, application.decided_on = actor, on
    application.save()
    return application


def surcharge_rate(region, on: datetime.date) -> Decimal:
    return get_param("quota.late_surcharge_daily_rate", on=on, region=region)


def surcharge_cap(region, on: datetime.date) -> tuple[Decimal | None, str]:
    """The cap of the surcharge as a multiple of the amount owed, with its source
    (relief.surcharge_cap_multiple: 《行政强制法》第四十五条); (None, "") where none is in force."""
    try:
        row = get_param_row("relief.surcharge_cap_multiple", on=on, region=region)
    except MissingParameter:
        return None, ""
    return parse_value(row.value, row.value_type), row.source.split("：")[0]


def surcharge_for(
    application: ReliefApplication,
    on: datetime.date,
    *,
    rate: Decimal | None = None,
    amount: Decimal | None = None,
    due: datetime.date | None = None,
    cap: Decimal | None | str = "read",
) -> Decimal:
    """The late surcharge of an approved deferral's amount if paid on `on` (the rate in force
    that day, 第二十条; never more than the cap). `amount` and `due` default to the deferral's;
    a rejected application passes its levy and original due date."""
    due = due or application.new_due_date
    if due is None:
        return Decimal("0.00")
    if rate is None:
        rate = surcharge_rate(application.region, on)
    if cap == "read":  # a list passes the cap it read once per region
        cap = surcharge_cap(application.region, on)[0]
    return rules.late_surcharge(
        amount=application.amount if amount is None else amount,
        due=due,
        on=on,
        daily_rate=rate,
        cap_multiple=cap,
    )


def surcharge_text(
    application: ReliefApplication,
    on: datetime.date,
    *,
    amount: Decimal | None = None,
    due: datetime.date | None = None,
) -> str:
    cap, source = surcharge_cap(application.region, on)
    return rules.surcharge_explanation(
        amount=application.amount if amount is None else amount,
        due=due or application.new_due_date,
        on=on,
        daily_rate=surcharge_rate(application.region, on),
        cap_multiple=cap,
        cap_source=source,
    )


@transaction.atomic
def deferral_payment_record(
    *,
    actor,
    application: ReliefApplication,
    paid_on: datetime.date,
    paid_amount: Decimal,
    today: datetime.date,
) -> ReliefApplication:
    """The deferred amount was paid: keep the date, the amount and the surcharge owed for
    lateness. The deferred amount is paid whole (a part payment leaves the rest overdue, so it
    is refused here and recorded when the rest is paid)."""
    _require(actor, flows.RECEIVERS)
    application = _locked(application)
    if application.kind != rules.DEFERRAL or application.state != flows.APPROVED:
        raise ValidationError(_("Only an approved deferral has a deferred amount to pay."))
    if application.paid_on is not None:
        raise ValidationError(_("The payment is already recorded."))
    if paid_on > today:
        raise ValidationError({"paid_on": _("The payment date cannot be in the future.")})
    if paid_on < application.decided_on:
        raise ValidationError({"paid_on": _("The payment date is before the decision.")})
    if paid_amount != application.amount:
        raise ValidationError(
            {
                "paid_amount": _(
                    "The deferred amount is %(due)s yuan; %(paid)s yuan was entered. Record the "
                    "payment when the whole deferred amount is paid."
                )
                % {"due": f"{application.amount:,.2f}", "paid": f"{paid_amount:,.2f}"}
            }
        )
    application.paid_on, application.paid_amount = paid_on, paid_amount
    application.surcharge = surcharge_for(application, paid_on)
    application.payment_recorded_by = actor
    application.save()
    return application


def follow_levy_changes(*, changes, actor) -> list[dict]:
    """A recomputation changed audited levies: approved reliefs resting on them follow. An
    exemption follows the levy (it exempts the whole new levy); a reduction still within the new
    levy stands on it; a reduction larger than the new levy, or a deferral whose deferred
    amount (levy less what is remitted) changes, is flagged for the chairman's review and
    returned to be listed on the job's page. Each change is a save, so it is audited."""
    new_levy = {pk: after for pk, _before, after in changes}
    if not new_levy:
        return []
    reviews = []
    applications = (
        ReliefApplication.objects.select_for_update()
        .filter(declaration_id__in=list(new_levy), state=flows.APPROVED)
        .select_related("employer")
    )
    remitted_now: dict[int, Decimal] = {}
    # the remissions of a levy first: a deferral defers what they leave
    ordered = sorted(applications, key=lambda a: (a.declaration_id, a.kind == rules.DEFERRAL, a.pk))
    for application in ordered:
        levy = Decimal(new_levy[application.declaration_id])
        before = application.levy_due
        note = ""
        if application.kind == rules.EXEMPTION:
            if levy > 0:
                application.levy_due = application.amount = levy
            else:
                note = Line(gettext_noop("the levy is now 0.00 yuan: nothing is left to exempt"))
        elif application.kind == rules.REDUCTION:
            if application.amount > levy:
                note = Line(
                    gettext_noop(
                        "the levy is now %(levy)s yuan, less than the %(amount)s yuan reduced"
                    ),
                    levy=f"{levy:,.2f}",
                    amount=f"{application.amount:,.2f}",
                )
            else:
                application.levy_due = levy
        if application.kind in rules.REMISSIONS and not note:
            remitted_now[application.declaration_id] = (
                remitted_now.get(application.declaration_id, Decimal(0)) + application.amount
            )
        if application.kind == rules.DEFERRAL:
            remitted = remitted_now.get(application.declaration_id, Decimal(0))
            deferred = levy - remitted
            if deferred != application.amount:
                note = Line(
                    gettext_noop(
                        "the deferred amount would now be %(new)s yuan instead of %(old)s yuan"
                    ),
                    new=f"{deferred:,.2f}",
                    old=f"{application.amount:,.2f}",
                )
            elif levy > 0:
                application.levy_due = levy
        if note:
            application.levy_change_note = dumps(
                Line(
                    gettext_noop("Levy recomputed from %(before)s to %(after)s yuan: %(note)s."),
                    before=f"{before:,.2f}",
                    after=f"{levy:,.2f}",
                    note=note,
                )
            )
            reviews.append(
                {
                    "employer": application.employer.name,
                    "text": f"{rules.KIND_WORDS[application.kind]} {application.decision_number}"
                    f"：{render_text(application.levy_change_note)}",
                    "url": reverse("levy_relief:detail", args=[application.pk]),
                }
            )
        application.save()
    return reviews


def levy_summary(employer: Employer, levy_year: int, *, on: datetime.date) -> dict | None:
    """What the receiving form shows before any amount is typed: the audited levy, its due
    date and the caps in force (None where the employer has no audited levy that year)."""
    declaration = audited_declaration(employer, levy_year)
    if declaration is None or not declaration.amount_due:
        return None
    region = employer.region
    years = get_param("relief.max_reduction_exemption_years", on=on, region=region)
    months = get_param("relief.max_deferral_months", on=on, region=region)
    due = levy_due_date(declaration)
    remitted = _approved(employer.pk, levy_year).filter(kind__in=rules.REMISSIONS).aggregate(
        s=Sum("amount")
    )["s"] or Decimal(0)
    cap = min(declaration.amount_due * years, declaration.amount_due)
    return {
        "declaration": declaration,
        "levy": declaration.amount_due,
        "due": due,
        "remission_room": max(cap - remitted, Decimal(0)),
        "remitted": remitted,
        "max_months": months,
        "latest_new_due": rules.add_months(due, months),
    }


@transaction.atomic
def levy_change_review(
    *, actor, application: ReliefApplication, opinion: str, on: datetime.date
) -> ReliefApplication:
    """The chairman has reviewed a decision flagged by a recomputation: his opinion goes into
    the 办理过程 and the flag is cleared (a different relief is a new application)."""
    _require(actor, flows.LEVY_CHANGE_REVIEWERS)
    application = _locked(application)
    if not application.levy_change_note:
        raise ValidationError(_("Nothing about this decision waits for review."))
    if not opinion.strip():
        raise ValidationError({"opinion": _("Write the review opinion.")})
    application.returns = [
        *application.returns,
        {
            "step": "levy_review",
            "on": str(on),
            "by": str(actor),
            # the recomputation's words as kept (read in the reader's language), then the opinion
            "change": loads(application.levy_change_note),
            "note": opinion.strip(),
        },
    ]
    application.levy_change_note = ""
    application.save()
    return application
