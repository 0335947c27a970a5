"""The dashboard's drill-down filters as words (issue 14, issue 19 item 18): a reader sees
"逾期" or "征收比例 90%", never `late=1` or `rate=0.9`."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from employment_quota.models import Declaration


def drill_labels(filters: dict) -> list[str]:
    from employment_quota.rules import EMPLOYER_TYPES

    labels = []
    if filters.get("state") in Declaration.State.values:
        labels.append(_("State: %(s)s") % {"s": Declaration.State(filters["state"]).label})
    if filters.get("late") == "0":
        labels.append(_("Approved on time"))
    elif filters.get("late") == "1":
        labels.append(_("Late (counted as none employed)"))
    if filters.get("meeting") == "1":
        labels.append(_("Meeting the ratio"))
    elif filters.get("meeting") == "0":
        labels.append(_("Below the ratio"))
    if filters.get("rate"):
        try:
            percent = (Decimal(filters["rate"]) * 100).normalize()
            labels.append(_("Levy rate %(p)s%%") % {"p": f"{percent:f}"})
        except (InvalidOperation, ValueError):
            pass
    if filters.get("type") in EMPLOYER_TYPES:
        labels.append(_("Employer type: %(t)s") % {"t": EMPLOYER_TYPES[filters["type"]]})
    if filters.get("employed") == "1":
        labels.append(_("With disabled people employed"))
    return labels
