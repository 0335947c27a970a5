"""What the quota audit services share: the auditors' role check, parameters, the policy in
force and marking a year's levies for recomputation."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from cdpf.models import Region
from cdpf.params import MissingParameter, get_param
from employment_quota import rules
from employment_quota.models import (
    AuditYear,
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


def _mark_for_recompute(audit_year: AuditYear, note: str) -> None:
    """`note` is kept as a message (cdpf.messages.dumps), read in the reader's language."""
    audit_year.recompute_needed = note
    audit_year.save(update_fields=["recompute_needed"])


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
