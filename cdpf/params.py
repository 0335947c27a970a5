"""Reading effective-dated policy parameters: one selector for every rule that needs a number."""

from __future__ import annotations

import datetime

from django.db.models import Q

from cdpf.models import PolicyParameter, Region
from cdpf.param_values import parse_value  # noqa: F401  (importable from here too)


class MissingParameter(LookupError):
    """No value of the parameter is in force for that date and region."""


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
