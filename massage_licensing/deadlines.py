"""Rectification deadlines recomputed when a year's calendar is loaded (cdpf.holidays)."""

from cdpf import calendar
from cdpf.holidays import Change, recomputes
from cdpf.params import get_param
from massage_licensing.models import Institution, YearlyReview


@recomputes
def rectification_deadlines(years: set[int], actor) -> list[Change]:
    changes = []
    reviews = YearlyReview.objects.filter(rectify_by__year__in=years).select_related(
        "region", "institution"
    )
    for review in reviews:
        days = get_param(
            "massage.rectification_working_days", on=review.reviewed_on, region=review.region
        )
        after = calendar.add_working_days(review.reviewed_on, days)
        before = review.rectify_by
        if after == before:
            continue
        YearlyReview.objects.filter(pk=review.pk).update(rectify_by=after)
        changes.append(Change(obj=review, field="rectify_by", before=before, after=after))
        # the institution shows the deadline of its latest failed review
        institution = review.institution
        if institution.rectify_by == before:
            Institution.objects.filter(pk=institution.pk).update(rectify_by=after)
            changes.append(Change(obj=institution, field="rectify_by", before=before, after=after))
    return changes
