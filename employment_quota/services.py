"""Every write of the quota audit: employers, audit years, declarations and their decision."""

from __future__ import annotations

import calendar as month_calendar
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf import private_files
from cdpf.messages import Line, dumps, render
from cdpf.models import Region
from cdpf.params import MissingParameter, get_param
from certificates.models import Certificate
from employment_quota import flows, rules
from employment_quota.models import (
    MATERIAL_KINDS,
    AuditYear,
    Declaration,
    DeclaredEmployee,
    Employer,
    MaterialFile,
)

AUDITORS = ("labour_service",)


def _param(name: str, *, on: datetime.date, region: Region):
    """A parameter the audit needs; where none is in force, a clear refusal (nothing changed)
    instead of a server error."""
    try:
        return get_param(name, on=on, region=region)
    except MissingParameter as exc:
        raise ValidationError(
            _(
                "No value of %(name)s is in force on %(on)s for %(region)s: ask the "
                "administrator to set it first."
            )
            % {"name": name, "on": on, "region": region.name},
            code="missing_parameter",
        ) from exc


def _require(actor) -> None:
    if not actor.has_role(*AUDITORS):
        raise PermissionDenied(_("Only the labour employment service centre may do this."))


@transaction.atomic
def employer_register(
    *,
    actor,
    region: Region,
    credit_code: str,
    name: str,
    employer_type: str,
    address: str,
    contact_name: str = "",
    contact_phone: str = "",
) -> Employer:
    _require(actor)
    code = rules.validate_credit_code(credit_code)
    if Employer.objects.filter(credit_code=code).exists():
        raise ValidationError({"credit_code": _("An employer with this code is registered.")})
    employer = Employer(
        region=region,
        credit_code=code,
        name=name.strip(),
        employer_type=employer_type,
        address=address.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
    )
    employer.full_clean()
    employer.save()
    return employer


@transaction.atomic
def employer_update(
    *,
    actor,
    employer: Employer,
    name: str,
    employer_type: str,
    address: str,
    contact_name: str = "",
    contact_phone: str = "",
    on: datetime.date | None = None,
) -> Employer:
    """Correct an employer's registration (the credit code is its identity and stays). A new
    type changes the levy rules (the small-enterprise exemption is for 企业 only), so the years
    with an approved levy of it are marked for recomputation."""
    _require(actor)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    old_type = employer.employer_type
    employer.name, employer.employer_type = name.strip(), employer_type
    employer.address = address.strip()
    employer.contact_name, employer.contact_phone = contact_name.strip(), contact_phone.strip()
    employer.full_clean()
    employer.save()
    if employer_type != old_type:
        note = dumps(
            Line(
                gettext_noop(
                    "%(employer)s's type was changed from %(old)s to %(new)s on %(on)s by "
                    "%(who)s."
                ),
                employer=employer.name,
                old=_employer_type_line(old_type),
                new=_employer_type_line(employer_type),
                on=str(on or datetime.date.today()),
                who=str(actor),
            )
        )
        years = AuditYear.objects.filter(
            declarations__employer=employer, declarations__state=Declaration.State.APPROVED
        ).distinct()
        for year in years:
            _mark_for_recompute(year, note)
    return employer


def _employer_type_line(code: str):
    message = rules.EMPLOYER_TYPE_MESSAGES.get(code)
    return Line(message, rules.EMPLOYER_TYPE_CONTEXT) if message else code


def _mark_for_recompute(audit_year: AuditYear, note: str) -> None:
    """`note` is kept as a message (cdpf.messages.dumps), read in the reader's language."""
    audit_year.recompute_needed = note
    audit_year.save(update_fields=["recompute_needed"])


@transaction.atomic
def audit_year_set_wage(
    *,
    actor,
    audit_year: AuditYear,
    local_average_wage: Decimal,
    reason: str,
    on: datetime.date,
) -> AuditYear:
    """Correct a year's local average wage (audited by the model signals); its approved levies
    rest on it, so the year is marked "recompute needed" until the levy job has run."""
    _require(actor)
    audit_year = AuditYear.objects.select_for_update().get(pk=audit_year.pk)
    if local_average_wage <= 0:
        raise ValidationError({"local_average_wage": _("Enter the local average wage.")})
    if local_average_wage == audit_year.local_average_wage:
        raise ValidationError(
            {"local_average_wage": _("This is the wage already recorded; nothing to correct.")}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the wage is corrected (its source).")})
    old = audit_year.local_average_wage
    audit_year.local_average_wage = local_average_wage
    audit_year.save(update_fields=["local_average_wage"])
    if audit_year.declarations.filter(state=Declaration.State.APPROVED).exists():
        _mark_for_recompute(
            audit_year,
            dumps(
                Line(
                    gettext_noop(
                        "The local average wage was corrected from %(old)s to %(new)s yuan on "
                        "%(on)s by %(who)s (%(reason)s)."
                    ),
                    old=f"{old:,.2f}",
                    new=f"{local_average_wage:,.2f}",
                    on=str(on),
                    who=str(actor),
                    reason=reason.strip()[:200],
                )
            ),
        )
    return audit_year


@transaction.atomic
def audit_year_open(
    *, actor, region: Region, year: int, local_average_wage: Decimal, today: datetime.date
) -> AuditYear:
    """Open the audit of `year` (held the following year) with the window of the parameters."""
    _require(actor)
    if year >= today.year:  # its wages, staff and months are not known until it has ended
        raise ValidationError(
            {
                "year": _(
                    "The %(year)s audit can be opened only after %(year)s has ended "
                    "(from %(from)s)."
                )
                % {"year": year, "from": datetime.date(year + 1, 1, 1)}
            }
        )
    held = year + 1
    start = _param("quota.audit_window_start", on=datetime.date(held, 1, 1), region=region)
    end = _param("quota.audit_window_end", on=datetime.date(held, 1, 1), region=region)
    opens_on, closes_on = rules.audit_window(held, start=start, end=end)
    if AuditYear.objects.filter(region=region, year=year).exists():
        raise ValidationError(_("The %(year)s audit is already open.") % {"year": year})
    if local_average_wage <= 0:
        raise ValidationError({"local_average_wage": _("Enter the local average wage.")})
    return AuditYear.objects.create(
        region=region,
        year=year,
        opens_on=opens_on,
        closes_on=closes_on,
        local_average_wage=local_average_wage,
        opened_by=actor,
    )


def valid_months(certificate: Certificate, year: int) -> set[int]:
    """The months of `year` in which the certificate was valid (not expired or cancelled)."""
    months = set()
    ended = (
        certificate.status_changed_on if certificate.status != Certificate.Status.VALID else None
    )
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        last = datetime.date(year, month, month_calendar.monthrange(year, month)[1])
        if certificate.issue_date > last or certificate.expiry_date < first:
            continue
        if ended is not None and ended <= first:
            continue
        months.add(month)
    return months


def _check_line(line: dict, year: int) -> dict:
    number = (line.get("certificate_number") or "").strip().upper()
    certificate = (
        Certificate.objects.select_related("person")
        .by_number(number)
        .order_by("-issue_date")
        .first()
    )
    if certificate is None:
        raise ValidationError(_("Certificate %(n)s is not in the register.") % {"n": number})
    months = sorted(set(line.get("months") or []))
    if not months or any(m not in range(1, 13) for m in months):
        raise ValidationError(
            _("Choose the months (1–12) %(name)s was employed.") % {"name": certificate.person.name}
        )
    invalid = sorted(set(months) - valid_months(certificate, year))
    if invalid:
        raise ValidationError(
            _(
                "Certificate %(n)s of %(name)s was not valid in month(s) %(m)s of %(y)s "
                "(expired, cancelled or not yet issued)."
            )
            % {
                "n": number,
                "name": certificate.person.name,
                "m": "、".join(str(m) for m in invalid),
                "y": year,
            }
        )
    return {**line, "certificate": certificate, "months": months}


@transaction.atomic
def declaration_save(
    *,
    actor,
    audit_year: AuditYear,
    employer: Employer,
    staff: Decimal,
    wage_bill: Decimal,
    employees: list[dict],
    declaration: Declaration | None = None,
) -> Declaration:
    """Create or correct a draft (or returned) declaration with its employee lines."""
    _require(actor)
    if audit_year.status != AuditYear.Status.OPEN:
        raise ValidationError(_("The %(y)s audit is closed.") % {"y": audit_year.year})
    if employer.region_id != audit_year.region_id:
        raise ValidationError(_("The employer belongs to another region."))
    checked = [_check_line(line, audit_year.year) for line in employees]
    people = [line["certificate"].person_id for line in checked]
    if len(people) != len(set(people)):
        raise ValidationError(_("The same person is listed twice."))
    if declaration is None:
        if Declaration.objects.filter(audit_year=audit_year, employer=employer).exists():
            raise ValidationError(
                _("This employer already has a declaration for %(y)s.") % {"y": audit_year.year}
            )
        declaration = Declaration(
            audit_year=audit_year, employer=employer, region=audit_year.region, created_by=actor
        )
    elif declaration.state not in (Declaration.State.DRAFT, Declaration.State.RETURNED):
        raise ValidationError(_("Only a draft or returned declaration can be changed."))
    declaration.staff, declaration.wage_bill = staff, wage_bill
    declaration.full_clean()
    declaration.save()
    declaration.employees.all().delete()
    for line in checked:
        DeclaredEmployee.objects.create(
            declaration=declaration,
            certificate=line["certificate"],
            employment_form=line["employment_form"],
            counts_here=line.get("counts_here", True),
            months=line["months"],
            monthly_wage=line["monthly_wage"],
            insurance_paid=line.get("insurance_paid", False),
            materials=line.get("materials", []),
        )
    return declaration


def _transition(actor, declaration, step: str) -> Declaration:
    """Lock the row, then take the step of the declaration's flow (state, then role)."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    flows.DECLARATION.advance(actor, declaration, step)
    return declaration


@transaction.atomic
def declaration_submit(*, actor, declaration: Declaration, on: datetime.date) -> Declaration:
    declaration = _transition(actor, declaration, "submit")
    if declaration.audit_year.status != AuditYear.Status.OPEN:
        raise ValidationError(_("The %(y)s audit is closed.") % {"y": declaration.audit_year.year})
    if on < declaration.audit_year.opens_on:
        raise ValidationError(
            _("The %(y)s audit window opens on %(opens)s: a declaration is received from then.")
            % {"y": declaration.audit_year.year, "opens": declaration.audit_year.opens_on}
        )
    declaration.submitted_on = on
    declaration.late = on > declaration.audit_year.closes_on
    declaration.save()
    return declaration


@transaction.atomic
def declaration_return(*, actor, declaration: Declaration, reason: str) -> Declaration:
    declaration = _transition(actor, declaration, "return")
    if not reason.strip():
        raise ValidationError(_("Say what must be corrected."))
    declaration.reason = reason.strip()
    declaration.save()
    return declaration


@transaction.atomic
def declaration_reject(
    *, actor, declaration: Declaration, reason: str, on: datetime.date
) -> Declaration:
    declaration = _transition(actor, declaration, "reject")
    if not reason.strip():
        raise ValidationError(_("Give the reason for the rejection."))
    declaration.reason, declaration.decided_on, declaration.decided_by = reason.strip(), on, actor
    declaration.save()
    return declaration


def policy_for(region: Region, year: int) -> rules.QuotaPolicy:
    """The quota policy in force for a region's levy of a year, from the parameter table."""
    on = datetime.date(year, 12, 31)

    def optional(name):
        try:
            return get_param(name, on=on, region=region)
        except MissingParameter:
            return None

    return rules.QuotaPolicy(
        required_ratio=_param("quota.required_ratio", on=on, region=region),
        average_wage_cap_multiple=_param("quota.average_wage_cap_multiple", on=on, region=region),
        graded_threshold_ratio=optional("quota.graded_threshold_ratio"),
        rate_at_or_above_threshold=optional("quota.rate_at_or_above_threshold") or Decimal(1),
        rate_below_threshold=optional("quota.rate_below_threshold") or Decimal(1),
        small_enterprise_exempt_staff=optional("quota.small_enterprise_exempt_staff"),
    )


def _already_counted(employee: DeclaredEmployee, year: int) -> dict[int, str]:
    """Months of the same person already counted by another employer's approved declaration."""
    taken: dict[int, str] = {}
    others = (
        DeclaredEmployee.objects.filter(
            certificate__person_id=employee.certificate.person_id,
            declaration__audit_year__year=year,
            declaration__state=Declaration.State.APPROVED,
        )
        .exclude(declaration_id=employee.declaration_id)
        .select_related("declaration__employer")
    )
    for other in others:
        for month in other.counted_months:
            taken.setdefault(month, other.declaration.employer.name)
    return taken


@transaction.atomic
def declaration_approve(*, actor, declaration: Declaration, on: datetime.date) -> Declaration:
    """审核认定: qualify each employee, drop months another employer already counts, compute
    the levy reference amount. Approval after the window closes is late and counts nobody."""
    declaration = _transition(actor, declaration, "approve")
    year = declaration.audit_year.year
    region = declaration.region
    minimum = _param("quota.minimum_wage_monthly", on=datetime.date(year, 12, 31), region=region)
    lines = []
    for employee in declaration.employees.select_related("certificate__person"):
        reasons = []
        if (
            employee.employment_form == DeclaredEmployee.Form.DISPATCHED
            and not employee.counts_here
        ):
            reasons.append(
                Line(gettext_noop("dispatched labour, counted by the other party by agreement"))
            )
        if employee.monthly_wage < minimum:
            reasons.append(
                Line(
                    gettext_noop(
                        "monthly wage %(wage)s yuan below the minimum wage of %(minimum)s yuan"
                    ),
                    wage=str(employee.monthly_wage),
                    minimum=str(minimum),
                )
            )
        if not employee.insurance_paid:
            reasons.append(Line(gettext_noop("pension insurance not paid in full")))
        months = set(employee.months) & valid_months(employee.certificate, year)
        taken = _already_counted(employee, year)
        duplicate = sorted(months & set(taken))
        notes = []
        if duplicate:
            listed = "、".join(str(m) for m in duplicate)
            notes.append(
                Line(
                    gettext_noop(
                        "months %(months)s already counted by %(employer)s: declared twice, "
                        "not counted"
                    ),
                    months=listed,
                    employer=taken[duplicate[0]],
                )
            )
            months -= set(duplicate)
        if declaration.late:  # 视为未安排: nobody counts, and no line may say otherwise
            notes.append(
                Line(
                    gettext_noop(
                        "declared late: treated as employing no disabled person, not counted"
                    )
                )
            )
        employee.qualifies = not reasons and bool(months) and not declaration.late
        employee.counted_months = sorted(months) if employee.qualifies else []
        employee.reason_lines = reasons + notes
        with translation.override("zh-hans"):  # the Chinese kept for files and lists
            employee.reason = render(employee.reason_lines)[:300]
        employee.save()
        lines.append(
            {
                "grade": employee.certificate.grade,
                "months": len(employee.counted_months),
                "qualifies": employee.qualifies,
                "name": employee.certificate.person.name,
                "reason": employee.reason_lines,
            }
        )
    # lateness follows the day the declaration was received (set on submission), never the
    # day the centre got round to deciding it
    on_time = not declaration.late
    result = rules.calculate_levy(
        year=year,
        employer_type=declaration.employer.employer_type,
        staff=declaration.staff,
        wage_bill=declaration.wage_bill,
        local_average_wage=declaration.audit_year.local_average_wage,
        employees=lines,
        filed_on_time=on_time,
        policy=policy_for(region, year),
    )
    declaration.late = not on_time
    declaration.reason = ""  # a return's reason was corrected; it does not follow the approval
    declaration.decided_on, declaration.decided_by = on, actor
    for field in (
        "required",
        "counted",
        "shortfall",
        "average_wage",
        "rate",
        "amount_due",
        "explanation",
    ):
        setattr(declaration, field, getattr(result, field))
    declaration.save()
    return declaration


# --- The materials checklist: scans stored privately ------------------------------------------


MATERIALS_AREA = "quota_materials"  # under PRIVATE_STORAGE_DIR


@transaction.atomic
def material_store(*, actor, employee: DeclaredEmployee, upload, kind: str):
    """Keep one scan of an employee's materials and tick the item on the checklist. Type
    checked by content, size limited (the certificates' attachment rules), stored outside
    static/media under a random name."""
    _require(actor)
    declaration = employee.declaration
    if declaration.state in (Declaration.State.APPROVED, Declaration.State.REJECTED):
        raise ValidationError(_("The declaration is decided; its materials can no longer change."))
    if kind not in MaterialFile.Kind.values:
        raise ValidationError({"kind": _("Choose what the file is.")})
    stored = MaterialFile.objects.create(
        region=declaration.region,
        declaration=declaration,
        person_id=employee.certificate.person_id,
        kind=kind,
        **private_files.store(upload, area=MATERIALS_AREA),
        uploaded_by=actor,
    )
    label = MATERIAL_KINDS[kind]
    if label not in employee.materials:
        employee.materials = [*employee.materials, label]
        employee.save()
    return stored


def material_read(material) -> bytes:
    return private_files.read(MATERIALS_AREA, material.path)


# --- Closing the year's audit ----------------------------------------------------------------


@transaction.atomic
def audit_year_close(*, actor, audit_year: AuditYear) -> AuditYear:
    """The centre closes a year's audit once every submitted declaration is decided: nothing
    of it can be entered, corrected or submitted any more."""
    audit_year = AuditYear.objects.select_for_update().get(pk=audit_year.pk)
    flows.AUDIT_YEAR.check(actor, audit_year, "close")
    pending = audit_year.declarations.filter(state=Declaration.State.SUBMITTED).count()
    if pending:
        raise ValidationError(
            _("%(n)s submitted declaration(s) wait for a decision; decide them first.")
            % {"n": pending}
        )
    flows.AUDIT_YEAR.advance(actor, audit_year, "close")
    audit_year.save(update_fields=["status"])
    return audit_year


@transaction.atomic
def audit_year_reopen(*, actor, audit_year: AuditYear) -> AuditYear:
    """Reopen a closed audit (to correct a declaration returned after the close, say)."""
    audit_year = AuditYear.objects.select_for_update().get(pk=audit_year.pk)
    flows.AUDIT_YEAR.advance(actor, audit_year, "reopen")
    audit_year.save(update_fields=["status"])
    return audit_year
