"""What every supervision view shares: the role table, today, printing, the year asked."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from cdpf.responses import print_or_back
from supervision import flows, rules

# The roles of each step for the views' decorators, read from the flows (decision 0210).
_STEPS = {
    "plan_create": (flows.REGISTER, "plan_create"),
    "inspection_create": (flows.REGISTER, "inspection_create"),
    "police_import": (flows.REGISTER, "police_import"),
    "police_confirm": (flows.REGISTER, "police_confirm"),
    "complaint_intake": (flows.REGISTER, "complaint_intake"),
    "inspection_notify": (flows.INSPECTION, "notify"),
    "inspection_check": (flows.INSPECTION, "check"),
    "inspection_evidence": (flows.INSPECTION, "evidence"),
    "finding_add": (flows.INSPECTION, "finding"),
    "measure_order": (flows.INSPECTION, "measure_order"),
    "inspection_publish": (flows.INSPECTION, "publish"),
    "measure_follow_up": (flows.MEASURE, "follow_up"),
    "measure_close": (flows.MEASURE, "close"),
    "measure_certificate": (flows.MEASURE, "certificate"),
    "complaint_assign": (flows.COMPLAINT, "assign"),
    "complaint_verify": (flows.COMPLAINT, "verify"),
    "complaint_answer": (flows.COMPLAINT, "answer"),
    "complaint_close": (flows.COMPLAINT, "close"),
}
R = {key: tuple(sorted(flow.roles_of(name))) for key, (flow, name) in _STEPS.items()}
READERS = rules.READERS
DASHBOARD = READERS


def _today():
    return timezone.localdate()


_print = print_or_back  # print, or the page `back` with the reason (cdpf/responses.py)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or _today().year)
    except ValueError as exc:
        raise Http404 from exc
    if not 1900 <= year <= 2999:  # a date of that year would not exist (a 500, not a page)
        raise Http404
    return year
