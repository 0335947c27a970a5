"""What waits on the home page: applications for the centre and the chairman, reviews due."""

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdpf import roles
from cdpf.home import register_provider
from cdpf.params import MissingParameter, get_param
from massage_licensing import selectors

WAITING = [
    (roles.LABOUR_SERVICE, "submitted", _("%(n)s massage institution application(s) to check")),
    (roles.LABOUR_SERVICE, "checked", _("%(n)s massage institution(s) wait for the inspection")),
    (
        roles.CHAIRMAN,
        "inspected",
        _("%(n)s massage institution application(s) wait for your decision"),
    ),
]


@register_provider
def pending_massage_work(user):
    if not user.has_role(roles.LABOUR_SERVICE, roles.CHAIRMAN, roles.SUPERVISOR):
        return
    counts = dict(
        selectors.applications_for(user).values_list("state").annotate(n=Count("id")).order_by()
    )
    for role, state, message in WAITING:
        if counts.get(state) and user.has_role(role):
            applications = selectors.applications_for(user).filter(state=state)
            first = applications.order_by("submitted_on", "id").first()
            url = (
                reverse("massage_licensing:application", args=[first.pk])
                if counts[state] == 1
                else reverse("massage_licensing:index")
            )
            yield role, message % {"n": counts[state]}, url
    today = timezone.localdate()
    try:
        window = get_param("massage.review_due_window_days", on=today, region=user.region)
    except MissingParameter:
        return
    due = selectors.reviews_due(user, until=today + datetime.timedelta(days=window)).count()
    if due:
        text = _("%(n)s massage institution(s) due for the yearly review or rectification") % {
            "n": due
        }
        for role in (roles.LABOUR_SERVICE, roles.SUPERVISOR):
            if user.has_role(role):
                yield role, text, reverse("massage_licensing:reviews_due")
    unmet = (
        selectors.institutions_for(user)
        .filter(status__in=["certified", "recertification"])
        .exclude(requirements_unmet="")
        .order_by("name")
    )
    names = list(unmet.values_list("pk", "name")[:4])
    if names:
        text = _(
            "Certified massage institutions that no longer meet the requirements: %(names)s"
        ) % {"names": "、".join(name for _pk, name in names[:3]) + ("…" if len(names) > 3 else "")}
        url = (
            reverse("massage_licensing:institution", args=[names[0][0]])
            if len(names) == 1
            else reverse("massage_licensing:index")
        )
        for role in (roles.LABOUR_SERVICE, roles.SUPERVISOR):
            if user.has_role(role):
                yield role, text, url
