"""Relief applications: receipt, return and resubmission, review, approval and rejection."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf.pdf import next_number
from employment_quota.models import Employer
from levy_relief import flows, rules
from levy_relief.models import ReliefApplication
from levy_relief.services.common import (
    Material,
    _check_amounts,
    _decision_param,
    _due_date_of_the_levy,
    _require,
    _step,
    audited_declaration,
)
from levy_relief.services.materials import _require_scans


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
