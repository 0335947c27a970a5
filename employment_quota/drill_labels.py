"""The dashboard's drill-down filters as words (issue 14, issue 19 item 18): a reader sees
"逾期" or "征收比例 90%", never `late=1` or `rate=0.9`."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from employment_quota.models import Declaration
from employment_quota.rules import EMPLOYER_TYPES


def drill_labels(filters: dict) -> list[str]:
    labels = []
    if filters.get("state") in Declaration.State.values:
        labels.append(_("State: %(s)s") % {"s": Declaration.State(filters["state"]).label})
    if filters.get("late") in ("0", "1"):
        labels.append(_("Declared late") if filters["late"] == "1" else _("Declared on time"))
    if filters.get("meeting") in ("0", "1"):
        labels.append(
            _("Meeting the required ratio")
            if filters["meeting"] == "1"
            else _("Below the required ratio")
        )
    if filters.get("rate"):
        try:
            percent = (Decimal(filters["rate"]) * 100).normalize()
        except (InvalidOperation, ValueError):
            percent = None
        if percent is not None and percent.is_finite():
            labels.append(_("Levied at %(p)s%% of the amount") % {"p": f"{percent:f}"})
    if filters.get("type") in EMPLOYER_TYPES:
        labels.append(_("Type: %(t)s") % {"t": EMPLOYER_TYPES[filters["type"]]})
    if filters.get("employed") == "1":
        labels.append(_("With disabled employees counted"))
    if filters.get("declared") == "1":
        labels.append(_("Declared (drafts left out)"))
    return labels
