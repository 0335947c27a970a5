"""Public-notice and review deadlines recomputed when a year's calendar is loaded
(cdpf.holidays): a notice runs its working days in full, and the review is due its working
days after the notice ends (or after the application went to review)."""

from django.utils import timezone

from cdpf import calendar
from cdpf.holidays import Change, recomputes
from cdpf.params import get_param
from certificates.models import Application, NoticeBatch


@recomputes
def notice_and_review_deadlines(years: set[int], actor) -> list[Change]:
    changes = []
    for batch in NoticeBatch.objects.filter(ends_on__year__in=years).select_related("region"):
        days = get_param("certificate.notice_working_days", on=batch.starts_on, region=batch.region)
        after = calendar.add_working_days(batch.starts_on, days)
        if after == batch.ends_on:
            continue
        NoticeBatch.objects.filter(pk=batch.pk).update(ends_on=after)
        changes.append(Change(obj=batch, field="ends_on", before=batch.ends_on, after=after))
        for application in batch.applications.filter(notice_ends_on=batch.ends_on):
            Application.objects.filter(pk=application.pk).update(notice_ends_on=after)
            changes.append(
                Change(obj=application, field="notice_ends_on", before=batch.ends_on, after=after)
            )
    pending = Application.objects.filter(
        state="review", review_due_on__year__in=years
    ).select_related("region")
    for application in pending:
        start = application.notice_ends_on or _entered_review(application)
        if start is None:
            continue
        days = get_param("certificate.review_working_days", on=start, region=application.region)
        after = calendar.add_working_days(start, days)
        if after != application.review_due_on:
            Application.objects.filter(pk=application.pk).update(review_due_on=after)
            changes.append(
                Change(
                    obj=application,
                    field="review_due_on",
                    before=application.review_due_on,
                    after=after,
                )
            )
    return changes


def _entered_review(application):
    event = application.events.filter(to_state="review").order_by("-at").first()
    return timezone.localdate(event.at) if event else None
