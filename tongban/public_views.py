"""The public progress site (cdpf.urls_public): an applicant asks with the application number
and the last 6 characters of the ID number. Wrong number and wrong ID get the same answer;
questions are rate-limited per address and per number; every question is audited."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cdpf import audit
from cdpf.forms import attach_error
from cdpf.models import AuditEntry
from cdpf.permissions import public
from tongban import progress, services
from tongban.forms import LookupForm, RatingForm
from tongban.models import Case, Rating

SESSION_KEY = "tongban_progress"
SESSION_SECONDS = 15 * 60


def _over(key: str, limit: int, window: int) -> bool:
    """One more question under `key` in the current window; True when past the limit."""
    bucket = f"tbp:{key}:{int(time.time() // window)}"
    if cache.add(bucket, 1, timeout=window * 2):
        return limit < 1
    try:
        return cache.incr(bucket) > limit
    except ValueError:  # expired between add and incr
        return False


def _limited(request, number: str) -> bool:
    ip = audit.client_ip(request) or "unknown"
    by_ip = _over(f"ip:{ip}", settings.PROGRESS_RATE_PER_ADDRESS, settings.PROGRESS_RATE_WINDOW)
    by_number = _over(
        f"n:{number}", settings.PROGRESS_RATE_PER_NUMBER, settings.PROGRESS_RATE_WINDOW
    )
    return by_ip or by_number


def _audit(request, *, case, number: str, success: bool, outcome: str) -> None:
    audit.record(
        action=AuditEntry.Action.LOOKUP,
        obj=case,
        object_type="tongban.case",
        object_repr=number[:20],
        success=success,
        ip=audit.client_ip(request),
        detail={"public_progress": outcome},
    )


def _find(number: str, tail: str) -> tuple[Case | None, bool]:
    """The case asked about, and whether the ID characters are its holder's."""
    case = Case.objects.select_related(*("application", "application__person",
                                         "application__region", "residence_region")).filter(
        number=number).first()  # fmt: skip
    return case, case is not None and services.id_tail(case.application.person) == tail


def _session_case(request) -> Case | None:
    held = request.session.get(SESSION_KEY)
    if not held or held.get("until", 0) < time.time():
        return None
    return Case.objects.select_related(
        "application", "application__person", "application__region", "residence_region"
    ).filter(pk=held.get("case")).first()


@public
@require_http_methods(["GET", "POST"])
def lookup(request):
    """进度查询: the question form; a right answer shows the case, a wrong one says only that
    nothing matches both."""
    form = LookupForm(request.POST or None)
    status = 200
    not_found = limited = False
    if request.method == "POST":
        number = services.normalise_number(request.POST.get("number", ""))
        if _limited(request, number):
            _audit(request, case=None, number=number, success=False, outcome="rate limit")
            limited, status = True, 429
        elif form.is_valid():
            case, matches = _find(number, form.cleaned_data["id_tail"])
            # a wrong ID for an existing number is filed under the case's district, so that
            # its office sees someone trying; the answer is the same as for no such number
            _audit(request, case=case, number=number, success=matches,
                   outcome="found" if matches else "no match")  # fmt: skip
            if matches:
                request.session.cycle_key()
                request.session[SESSION_KEY] = {"case": case.pk,
                                                "until": time.time() + SESSION_SECONDS}
                return redirect("progress:result")
            not_found, status = True, 404
        else:
            _audit(request, case=None, number=number, success=False, outcome="bad input")
            status = 400
    return render(
        request,
        "tongban/public/lookup.html",
        {"form": form, "not_found": not_found, "limited": limited},
        status=status,
    )


@public
@require_http_methods(["GET", "POST"])
def result(request):
    """The case found by the question just asked (held in the session for 15 minutes), and
    the rating form once it is finished."""
    case = _session_case(request)
    if case is None:
        return redirect("progress:lookup")
    rated = Rating.objects.filter(case=case).exists()
    form = RatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.rate(
                    case=case,
                    score=form.cleaned_data["score"],
                    reason=form.cleaned_data["reason"],
                    channel=Rating.Channel.PUBLIC,
                    on=timezone.localdate(),
                )
            except ValidationError as exc:
                attach_error(form, exc)
                status = 400
            else:
                return redirect("progress:result")
        else:
            status = 400
    view = progress.public_view(case)
    audit.record(
        action=AuditEntry.Action.VIEW,
        obj=case,
        ip=audit.client_ip(request),
        detail={"public_progress": "shown"},
    )
    return render(
        request,
        "tongban/public/result.html",
        {"view": view, "form": form, "rated": rated or Rating.objects.filter(case=case).exists(),
         "can_rate": view["finished"] and not rated},
        status=status,
    )  # fmt: skip


@public
@require_http_methods(["POST"])
def leave(request):
    request.session.pop(SESSION_KEY, None)
    return redirect("progress:lookup")


def not_found(request, exception=None):
    """The public site's 404 (cdpf/urls_public.py): its own frame, a way back to the question;
    the staff site's 404.html names staff pages this site does not have."""
    return render(request, "tongban/public/error.html", {"heading": "not_found"}, status=404)


def refused(request, exception=None):
    """The public site's 403, as its 404."""
    return render(request, "tongban/public/error.html", {"heading": "refused"}, status=403)
