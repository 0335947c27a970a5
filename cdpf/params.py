"""Reading effective-dated policy parameters: one selector for every rule that needs a number."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.db.models import Q

from cdpf.models import PolicyParameter, Region


class MissingParameter(LookupError):
    """No value of the parameter is in force for that date and region."""


def parse_value(raw: str, value_type: str):
    """Turn a stored value into its Python type; raise ValueError with a clear message."""
    raw = (raw or "").strip()
    if value_type == PolicyParameter.ValueType.DECIMAL:
        try:
            return Decimal(raw)
        except InvalidOperation as exc:
            raise ValueError(f"“{raw}” is not a decimal number.") from exc
    if value_type == PolicyParameter.ValueType.INTEGER:
        if not re.fullmatch(r"-?\d+", raw):
            raise ValueError(f"“{raw}” is not a whole number.")
        return int(raw)
    if value_type == PolicyParameter.ValueType.MONTH_DAY:
        match = re.fullmatch(r"(\d{2})-(\d{2})", raw)
        if not match:
            raise ValueError(f"“{raw}” is not a month and day written MM-DD.")
        month, day = int(match[1]), int(match[2])
        try:
            datetime.date(2024, month, day)  # a leap year accepts 02-29
        except ValueError as exc:
            raise ValueError(f"“{raw}” is not a real month and day.") from exc
        return (month, day)
    if value_type == PolicyParameter.ValueType.TEXT:
        if not raw:
            raise ValueError("The value is empty.")
        return raw
    raise ValueError(f"Unknown value type {value_type!r}.")


def get_param_row(name: str, *, on: datetime.date, region: Region | None) -> PolicyParameter:
    """The row in force on that date, from the nearest region up to the national value."""
    chain = region.ancestors() if region else []
    rows = list(
        PolicyParameter.objects.filter(name=name, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .filter(Q(region__isnull=True) | Q(region__in=[r.pk for r in chain]))
    )
    rank = {r.pk: i for i, r in enumerate(chain)}
    rows.sort(key=lambda row: rank.get(row.region_id, len(chain)))
    if not rows:
        where = region.code if region else "national"
        raise MissingParameter(f"No value of {name} is in force on {on} for {where}.")
    return rows[0]


def get_param(name: str, *, on: datetime.date, region: Region | None):
    """The typed value of a policy parameter for a date and region."""
    row = get_param_row(name, on=on, region=region)
    return parse_value(row.value, row.value_type)
