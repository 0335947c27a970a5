"""What the levy relief services share: the role check, decision parameters, the amounts
checks, the audited declaration, the levy's due date and the locked step."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from cdpf.params import MissingParameter, get_param
from employment_quota.models import Declaration, Employer
from levy_relief import flows, rules
from levy_relief.models import ReliefApplication

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


def _locked(application: ReliefApplication) -> ReliefApplication:
    return ReliefApplication.objects.select_for_update().get(pk=application.pk)


def _step(actor, application: ReliefApplication, name: str) -> ReliefApplication:
    """Lock the row, then check the step against the table with the fresh state."""
    application = _locked(application)
    flows.FLOW.advance(actor, application, name)
    return application
