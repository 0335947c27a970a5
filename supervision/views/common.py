"""What every supervision view shares: the role table, today, printing, the year asked."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.utils import timezone

from cdpf.pdf import MissingGlyphError
from supervision import rules

R = rules.STEP_ROLES
READERS = rules.READERS
DASHBOARD = READERS


def _today():
    return timezone.localdate()


def _pdf(document) -> HttpResponse:
    response = HttpResponse(bytes(document.content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.number}.pdf"'
    return response


def _print(request, make, back):
    try:
        return _pdf(make())
    except MissingGlyphError as exc:
        messages.error(request, str(exc))
        return back


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or _today().year)
    except ValueError as exc:
        raise Http404 from exc
    if not 1900 <= year <= 2999:  # a date of that year would not exist (a 500, not a page)
        raise Http404
    return year
