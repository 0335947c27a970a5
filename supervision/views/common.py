"""What every supervision view shares: the role table, today, printing, the year asked."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from cdpf.responses import print_or_back
from supervision import rules

R = rules.STEP_ROLES
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
