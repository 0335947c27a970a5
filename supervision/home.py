"""Supervision's pending work on the home page: overdue orders stand out for the unit that
answers for them and for the supervisors; matches and complaints wait for the office."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdpf import roles
from cdpf.home import register_provider
from supervision import selectors
from supervision.models import Complaint, Measure, PoliceRecord


@register_provider
def supervision_items(user):
    if not user.has_role(
        roles.SUPERVISOR, roles.OFFICE, roles.LABOUR_SERVICE, roles.CERTIFICATE_ROOM
    ):
        return
    today = timezone.localdate()
    measures_url = reverse("supervision:measures")
    overdue = dict(
        selectors.overdue_measures(user, today)
        .values_list("responsible_role")
        .annotate(n=Count("id"))
        .order_by()
    )
    open_ = dict(
        selectors.measures_for(user)
        .filter(state=Measure.State.OPEN)
        .values_list("responsible_role")
        .annotate(n=Count("id"))
        .order_by()
    )
    for role in (roles.OFFICE, roles.LABOUR_SERVICE):
        if user.has_role(role) and overdue.get(role):
            yield (
                role,
                _("⚠ %(n)s rectification order(s) are overdue") % {"n": overdue[role]},
                f"{measures_url}?overdue=1&role={role}",
            )
        if user.has_role(role) and open_.get(role):
            yield (
                role,
                _("%(n)s supervision measure(s) wait for your unit") % {"n": open_[role]},
                f"{measures_url}?state=open&role={role}",
            )
    if user.has_role(roles.SUPERVISOR):
        total = sum(overdue.values())
        if total:
            yield (
                roles.SUPERVISOR,
                _("⚠ %(n)s rectification order(s) are overdue") % {"n": total},
                f"{measures_url}?overdue=1",
            )
        escalated = (
            selectors.complaints_for(user)
            .filter(escalated_to=user.region)
            .exclude(state=Complaint.State.CLOSED)
            .count()
        )
        if escalated:
            yield (
                roles.SUPERVISOR,
                _("%(n)s complaint(s) about a district's chairman or supervisors were sent to you")
                % {"n": escalated},
                reverse("supervision:complaints") + "?escalated=1",
            )
        mine = selectors.complaints_for(user).filter(
            assignee=user, state__in=[Complaint.State.ASSIGNED, Complaint.State.VERIFYING]
        )
        n = mine.count()
        if n:
            yield (
                roles.SUPERVISOR,
                _("%(n)s complaint(s) assigned to you wait for verification") % {"n": n},
                reverse("supervision:complaints") + "?mine=1",
            )
    if user.has_role(roles.OFFICE):
        proposed = (
            selectors.police_records_for(user).filter(match=PoliceRecord.Match.PROPOSED).count()
        )
        if proposed:
            yield (
                roles.OFFICE,
                _("%(n)s police-file match(es) wait for confirmation") % {"n": proposed},
                reverse("supervision:police"),
            )
        waiting = selectors.complaints_for(user).filter(
            state__in=[Complaint.State.RECEIVED, Complaint.State.ANSWERED]
        )
        n = waiting.count()
        if n:
            yield (
                roles.OFFICE,
                _("%(n)s complaint(s) wait to be assigned or closed") % {"n": n},
                reverse("supervision:complaints"),
            )
