"""Changing a policy parameter: checked against its declared rule, proposed by one
administrator and put in force only when a second one approves it (four eyes, decision 0120)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf import audit
from cdpf.models import AuditEntry, ParameterChange, PolicyParameter, Region
from cdpf.param_rules import level_of, rule_for
from cdpf.params import parse_value

LEVEL_LABELS = {
    "national": "国家",
    "province": "省级",
    "city": "市级",
    "district": "区县级",
}
FIELDS = (
    "name",
    "region",
    "value",
    "value_type",
    "unit",
    "valid_from",
    "valid_to",
    "description",
    "source",
    "confirmed",
)


def _national_value(name: str, on: datetime.date):
    row = (
        PolicyParameter.objects.filter(name=name, region__isnull=True, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .first()
    )
    return parse_value(row.value, row.value_type) if row else None


def check_value(
    *, name: str, value_type: str, value: str, region: Region | None, on: datetime.date
) -> None:
    """Refuse a value of the wrong type, set at a level the rule does not allow, outside its
    bounds, or weaker than the national value it may only tighten; the rule is quoted."""
    rule = rule_for(name, value_type)
    quoted = rule.rule or _("the parameter's declared bounds")
    if value_type != rule.value_type:
        raise ValidationError(
            {"value_type": _("This parameter is of type “%(type)s”.") % {"type": rule.value_type}}
        )
    try:
        typed = parse_value(value, value_type)
    except ValueError as exc:
        raise ValidationError({"value": str(exc)}) from exc
    level = level_of(region.level if region else None)
    if level not in rule.set_at:
        levels = "、".join(LEVEL_LABELS[x] for x in rule.set_at)
        raise ValidationError(
            {
                "region": _("%(name)s may be set only at these levels: %(levels)s (%(rule)s).")
                % {"name": name, "levels": levels, "rule": quoted}
            }
        )
    if isinstance(typed, (int, Decimal)) and not isinstance(typed, bool):
        number = Decimal(typed)
        if (rule.minimum is not None and number < rule.minimum) or (
            rule.maximum is not None and number > rule.maximum
        ):
            raise ValidationError(
                {
                    "value": _("%(value)s is outside %(low)s–%(high)s allowed by %(rule)s.")
                    % {"value": value, "low": rule.minimum, "high": rule.maximum, "rule": quoted}
                }
            )
        if region is not None and rule.national_is:
            national = _national_value(name, on)
            if national is not None and rule.national_is == "floor" and number < national:
                raise ValidationError(
                    {
                        "value": _(
                            "%(value)s is below the national value %(national)s; a region may "
                            "only raise it (%(rule)s)."
                        )
                        % {"value": value, "national": national, "rule": quoted}
                    }
                )
            if national is not None and rule.national_is == "ceiling" and number > national:
                raise ValidationError(
                    {
                        "value": _(
                            "%(value)s is above the national value %(national)s; a region may "
                            "only shorten it (%(rule)s)."
                        )
                        % {"value": value, "national": national, "rule": quoted}
                    }
                )


def may_set(user, region: Region | None) -> bool:
    """National values only by a national (superuser) account; a region's by its own
    administrators or those above it."""
    if not user.has_perm("cdpf.add_parameterchange"):
        return False
    if user.is_superuser:
        return True
    if region is None or user.region is None:
        return False
    return user.region.contains(region)


def _check_dates(change: ParameterChange) -> None:
    overlapping = PolicyParameter.objects.filter(name=change.name, region=change.region)
    if change.parameter_id:
        overlapping = overlapping.exclude(pk=change.parameter_id)
    if change.valid_to:
        overlapping = overlapping.filter(valid_from__lte=change.valid_to)
    overlapping = overlapping.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=change.valid_from))
    if overlapping.exists():
        raise ValidationError(
            _("Another value of this parameter for this region covers part of these dates.")
        )


def validate_change(change: ParameterChange) -> None:
    if change.parameter_id and (
        change.parameter.name != change.name or change.parameter.region_id != change.region_id
    ):
        raise ValidationError(_("A change keeps the parameter's name and region."))
    if change.valid_to and change.valid_to < change.valid_from:
        raise ValidationError({"valid_to": _("The end date is before the start date.")})
    check_value(
        name=change.name,
        value_type=change.value_type,
        value=change.value,
        region=change.region,
        on=change.valid_from,
    )
    _check_dates(change)


@transaction.atomic
def parameter_change_propose(*, actor, change: ParameterChange) -> ParameterChange:
    """Record a proposed value (checked now, and again on approval); nothing is in force yet."""
    if not may_set(actor, change.region):
        raise PermissionDenied
    validate_change(change)
    change.proposed_by = actor
    change.status = ParameterChange.Status.PENDING
    change.full_clean()
    change.save()
    audit.record(
        action=AuditEntry.Action.UPDATE,
        obj=change,
        user=actor,
        detail={"proposed": {"name": change.name, "value": change.value}},
    )
    return change


@transaction.atomic
def parameter_change_approve(*, actor, change: ParameterChange) -> PolicyParameter:
    """A second administrator puts the proposed value in force."""
    change = ParameterChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ParameterChange.Status.PENDING:
        raise ValidationError(_("This change has already been decided."))
    if change.proposed_by_id == actor.pk:
        raise ValidationError(_("A second administrator must approve a change you proposed."))
    if not may_set(actor, change.region):
        raise PermissionDenied
    validate_change(change)  # the national value may have changed since the proposal
    row = change.parameter or PolicyParameter()
    for field in FIELDS:
        setattr(row, field, getattr(change, field))
    row.full_clean()
    row.save()
    change.parameter = row
    change.status = ParameterChange.Status.APPROVED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.save()
    audit.record(
        action=AuditEntry.Action.UPDATE,
        obj=row,
        user=actor,
        detail={"approved_change": change.pk, "proposed_by": change.proposed_by.username},
    )
    return row


@transaction.atomic
def parameter_change_reject(*, actor, change: ParameterChange, note: str = "") -> ParameterChange:
    """A second administrator refuses the proposed value; nothing changes."""
    change = ParameterChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ParameterChange.Status.PENDING:
        raise ValidationError(_("This change has already been decided."))
    if change.proposed_by_id == actor.pk:
        raise ValidationError(_("A second administrator must decide a change you proposed."))
    if not may_set(actor, change.region):
        raise PermissionDenied
    change.status = ParameterChange.Status.REJECTED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_note = note[:300]
    change.save()
    return change
