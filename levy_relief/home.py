"""Levy relief's pending work on the home page, per role."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdpf import roles
from cdpf.home import register_provider
from levy_relief import flows
from levy_relief.selectors import applications_for, overdue_deferrals

WAITING = [
    (
        roles.LABOUR_SERVICE,
        flows.SUBMITTED,
        _("%(n)s relief application(s) wait for the materials check"),
    ),
    (
        roles.LABOUR_SERVICE,
        flows.RETURNED,
        _("%(n)s relief application(s) wait for missing materials"),
    ),
    (roles.CHAIRMAN, flows.CHECKED, _("%(n)s relief application(s) wait for your review")),
    (roles.CHAIRMAN, flows.REVIEWED, _("%(n)s relief application(s) wait for your decision")),
]


@register_provider
def pending_reliefs(user):
    if not user.has_role(roles.LABOUR_SERVICE, roles.CHAIRMAN):
        return
    counts = dict(applications_for(user).values_list("state").annotate(n=Count("id")).order_by())
    for role, state, message in WAITING:
        if counts.get(state) and user.has_role(role):
            yield (
                role,
                message % {"n": counts[state]},
                reverse("levy_relief:index") + f"?state={state}",
            )
    if user.has_role(roles.LABOUR_SERVICE):
        overdue = overdue_deferrals(user, timezone.localdate()).count()
        if overdue:
            yield (
                roles.LABOUR_SERVICE,
                _("%(n)s deferred levy amount(s) are overdue and unpaid") % {"n": overdue},
                reverse("levy_relief:overdue"),
            )
