"""After delivery: the applicant's rating, follow-ups of low ratings, and the ratings
dashboard."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from cdpf import audit, roles
from cdpf.audit_reading import object_names_in_every_language
from cdpf.forms import attach_error
from cdpf.models import AuditEntry
from cdpf.paginator import FirstPageFirstPaginator
from cdpf.permissions import require_roles
from tongban import selectors, services
from tongban.forms import FollowUpForm, RatingForm
from tongban.models import Case, Rating
from tongban.views.common import DASHBOARD


@require_roles(roles.OFFICE)
@require_http_methods(["GET", "POST"])
def case_rate(request, pk: int):
    """好差评 at the counter, entered by the office for the applicant."""
    case = selectors.case_or_404(request.user, pk)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rate(
                case=case,
                score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
                channel=Rating.Channel.COUNTER,
                on=timezone.localdate(),
                actor=request.user,
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The rating is recorded."))
            return redirect("tongban:case", pk=case.pk)
    return render(
        request,
        "tongban/rate.html",
        {"form": form, "case": case},
        status=400 if form.errors else 200,
    )


@require_roles(roles.OFFICE)
@require_GET
def follow_ups(request):
    """Bad ratings of cases received here, waiting for the office's follow-up."""
    rows = selectors.open_follow_ups(request.user)
    return render(request, "tongban/follow_ups.html", {"rows": rows, "today": timezone.localdate()})


@require_roles(roles.OFFICE)
@require_http_methods(["GET", "POST"])
def follow_up(request, pk: int):
    rating = selectors.open_follow_ups(request.user).filter(pk=pk).first()
    if rating is None:
        return HttpResponse(status=404)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up(
                actor=request.user,
                rating=rating,
                note=form.cleaned_data["note"],
                on=timezone.localdate(),
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The follow-up is recorded."))
            return redirect("tongban:follow_ups")
    return render(
        request,
        "tongban/follow_up.html",
        {"form": form, "rating": rating},
        status=400 if form.errors else 200,
    )


LEVELS = [score for score, _label in Rating.Score.choices]


@require_roles(*DASHBOARD)
@require_GET
def ratings(request):
    """好差评 by service and by receiving district, each cell drilling down to its cases."""
    qs = selectors.ratings_for(request.user)
    counts = {s: Count("id", filter=Q(score=s)) for s in LEVELS}
    rows = (
        qs.values("case__application__kind", "case__residence_region__code",
                  "case__residence_region__name")
        .annotate(total=Count("id"), average=Avg("score"),
                  open_follow_ups=Count("id", filter=Q(score__lte=2,
                                                       follow_up_done_on__isnull=True)),
                  **{f"s{s}": c for s, c in counts.items()})
        .order_by("case__application__kind", "case__residence_region__code")
    )  # fmt: skip
    kinds = dict(Case._meta.get_field("application").related_model.Kind.choices)
    table = [
        {
            "kind": r["case__application__kind"],
            "kind_label": kinds.get(r["case__application__kind"], ""),
            "region": r["case__residence_region__code"],
            "region_name": r["case__residence_region__name"],
            "total": r["total"],
            "average": r["average"],
            "open_follow_ups": r["open_follow_ups"],
            "levels": [r[f"s{s}"] for s in LEVELS],
        }
        for r in rows
    ]
    audit.record(
        action=AuditEntry.Action.VIEW,
        user=request.user,
        object_type="tongban.rating",
        object_repr="好差评统计",
        detail={
            "names": object_names_in_every_language(
                _lazy("Ratings (好差评) by service and district")
            )
        },
    )
    return render(
        request,
        "tongban/ratings.html",
        {"table": table, "levels": Rating.Score.choices},
    )


@require_roles(*DASHBOARD)
@require_GET
def rating_cases(request):
    """The rated cases of one service and district (the dashboard's drill-down)."""
    qs = selectors.ratings_for(request.user)
    kind, region = request.GET.get("kind", ""), request.GET.get("region", "")
    if kind:
        qs = qs.filter(case__application__kind=kind)
    if region:
        qs = qs.filter(case__residence_region__code=region)  # within ratings_for's scope
    page = FirstPageFirstPaginator(qs.order_by("-rated_at", "-id"), 25).get_page(
        request.GET.get("page")
    )
    audit.record(
        action=AuditEntry.Action.VIEW,
        user=request.user,
        object_type="tongban.rating",
        object_repr="好差评明细",
        detail={
            "kind": kind[:20],
            "region": region[:12],
            "names": object_names_in_every_language(_lazy("Rated cases")),
        },
    )
    return render(request, "tongban/rating_cases.html", {"page": page})
