"""Declarations: the months a certificate counts, the check of each line, entry, the steps
and the decision."""

from __future__ import annotations

import calendar as month_calendar
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf.messages import Line, render
from certificates.models import Certificate
from employment_quota import flows, rules
from employment_quota.models import (
    AuditYear,
    Declaration,
    DeclaredEmployee,
    Employer,
)
from employment_quota.services.common import _param, _require, policy_for


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
