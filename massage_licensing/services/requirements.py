"""The requirements an institution must meet: the thresholds in force, the checks, what is
not met, and when the next yearly review falls due."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_noop

from cdpf.messages import Line, dumps, listing
from cdpf.models import Region
from cdpf.params import get_param, get_param_row
from massage_licensing import rules, selectors
from massage_licensing.models import (
    Institution,
)

PARAMETERS = (
    "massage.blind_share_blind_representative",
    "massage.blind_share_sighted_representative",
    "massage.min_area_m2",
    "massage.min_beds",
    "massage.min_bed_spacing_m",
)


def policy_for(region: Region, on: datetime.date) -> rules.Policy:
    """The thresholds in force for a region on a day, from the parameter table."""
    values, sources = {}, {}
    for name in PARAMETERS:
        row = get_param_row(name, on=on, region=region)
        values[name.split(".", 1)[1]] = get_param(name, on=on, region=region)
        # people read the rule, its source and since when; never the parameter's key
        sources[name] = Line(
            gettext_noop("%(source)s (in force from %(date)s)"),
            source=f"{row.source}（“{row.description}”）",
            date=str(row.valid_from),
        )
    return rules.Policy(**values, sources=sources)


def evaluate(institution: Institution, on: datetime.date) -> list[rules.Check]:
    """The checklist for an institution as it stands, against the register of certificates."""
    facts, staff = selectors.institution_facts(institution)
    return rules.evaluate(facts, staff, policy=policy_for(institution.region, on), on=on)


def _next_review(region: Region, on: datetime.date) -> datetime.date:
    months = get_param("massage.review_interval_months", on=on, region=region)
    return rules.add_months(on, months)


def unmet_lines(checks: list[rules.Check]) -> dict:
    """The requirements not met, each with what was found and what is required."""
    return listing(
        [
            Line(
                gettext_noop("%(requirement)s: %(actual)s (required %(required)s)"),
                requirement=c.requirement,
                actual=c.actual,
                required=c.required,
            )
            for c in checks
            if not c.passed
        ],
        "；",
    )


def _unmet_summary(checks: list[rules.Check]) -> str:
    """What is not met, kept as lines read in the reader's language (empty when all is met)."""
    lines = unmet_lines(checks)
    return dumps(lines) if lines["l"] else ""


def requirements_refresh(institution: Institution, on: datetime.date) -> str:
    """Re-check a certified institution after a change of its entry or staff and keep what is
    not met (shown on its page and on the home pages); empty when all is met or not certified."""
    summary = ""
    if institution.status in (Institution.Status.CERTIFIED, Institution.Status.RECERTIFICATION):
        summary = _unmet_summary(evaluate(institution, on))
    if summary != institution.requirements_unmet:
        institution.requirements_unmet = summary
        institution.save(update_fields=["requirements_unmet"])
    return summary
