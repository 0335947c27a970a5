"""The follow-up deadline of a bad rating, recomputed when a year's calendar is loaded
(cdpf.holidays, decision 0081): due its working days after the rating."""

from django.utils import timezone

from cdpf import calendar
from cdpf.holidays import Change, recomputes
from cdpf.params import get_param
from tongban.models import Rating


@recomputes
def follow_up_deadlines(years: set[int], actor) -> list[Change]:
    changes = []
    pending = Rating.objects.filter(
        follow_up_done_on__isnull=True, follow_up_due__year__in=years
    ).select_related("case__residence_region")
    for rating in pending:
        start = timezone.localdate(rating.rated_at)
        days = get_param("tongban.follow_up_working_days", on=start,
                         region=rating.case.residence_region)  # fmt: skip
        after = calendar.add_working_days(start, days)
        if after != rating.follow_up_due:
            Rating.objects.filter(pk=rating.pk).update(follow_up_due=after)
            changes.append(
                Change(obj=rating, field="follow_up_due", before=rating.follow_up_due, after=after)
            )
    return changes
