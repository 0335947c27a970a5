"""Yearly reviews: those due, recording one, and a review's page."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cdpf.forms import attach_error
from cdpf.params import get_param
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404
from massage_licensing import selectors, services
from massage_licensing.flows import CENTRE, READERS
from massage_licensing.forms import (
    ReviewForm,
)
from massage_licensing.models import YearlyReview
from massage_licensing.views.common import _institution


@require_roles(*READERS)
@require_GET
def reviews_due(request):
    """The yearly reviews falling due, and institutions that must rectify."""
    today = timezone.localdate()
    window = get_param("massage.review_due_window_days", on=today, region=request.user.region)
    rows = selectors.reviews_due(request.user, until=today + datetime.timedelta(days=window))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "massage_licensing/reviews_due.html",
        {"page": page, "today": today, "window": window, "query": ""},
    )


@require_roles(CENTRE)
@require_http_methods(["GET", "POST"])
def review_new(request, pk: int):
    institution = _institution(request, pk)
    today = timezone.localdate()
    form = ReviewForm(request.POST or None, initial={"year": today.year, "passed": "1"})
    checks = services.evaluate(institution, today)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.yearly_review_record(
                actor=request.user, institution=institution, on=today, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            if review.passed:
                messages.success(request, _("The yearly review passed."))
            else:
                messages.warning(
                    request,
                    _("The review failed: rectify by %(date)s.") % {"date": review.rectify_by},
                )
            return redirect("massage_licensing:institution", pk=institution.pk)
    return render(
        request,
        "massage_licensing/review_form.html",
        {"form": form, "i": institution, "checks": checks},
        status=400 if form.errors else 200,
    )


@require_roles(*READERS)
@require_GET
def review_detail(request, pk: int):
    """One yearly review: its result, the checklist as of its date, any written exception."""
    review = get_scoped_or_404(
        YearlyReview.objects.select_related("institution", "reviewed_by"), request.user, pk=pk
    )
    return render(request, "massage_licensing/review_detail.html", {"r": review})
