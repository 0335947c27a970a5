"""Audit years: opening, the average wage, closing and reopening."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf.messages import Line, dumps
from cdpf.models import Region
from employment_quota import flows, rules
from employment_quota.models import (
    AuditYear,
    Declaration,
)
from employment_quota.services.common import _mark_for_recompute, _param, _require


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
