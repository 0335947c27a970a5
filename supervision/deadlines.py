"""Complaint deadlines recomputed when a year's calendar is loaded (cdpf.holidays)."""

from django.db.models import Q

from cdpf import calendar
from cdpf.holidays import Change, recomputes
from cdpf.params import get_param
from supervision.models import Complaint

FIELDS = {
    "assign_due_on": "supervision.complaint_assign_working_days",
    "reply_due_on": "supervision.complaint_reply_working_days",
}


@recomputes
def complaint_deadlines(years: set[int], actor) -> list[Change]:
    changes = []
    due_in_years = Q(assign_due_on__year__in=years) | Q(reply_due_on__year__in=years)
    for complaint in Complaint.objects.filter(due_in_years).select_related("region"):
        moved = {}
        for name, param in FIELDS.items():
            days = get_param(param, on=complaint.received_on, region=complaint.region)
            after = calendar.add_working_days(complaint.received_on, days)
            before = getattr(complaint, name)
            if after != before:
                moved[name] = after
                changes.append(Change(obj=complaint, field=name, before=before, after=after))
        if moved:
            Complaint.objects.filter(pk=complaint.pk).update(**moved)
    return changes
