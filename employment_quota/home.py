"""The quota audit's pending work on the home page: what waits for the centre."""

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cdpf import roles
from cdpf.home import register_provider
from employment_quota.models import AuditYear
from employment_quota.selectors import declarations_for

WAITING = [
    ("submitted", _("%(y)s audit: %(n)s submitted declaration(s) wait for your decision")),
    ("returned", _("%(y)s audit: %(n)s declaration(s) returned for correction")),
    ("draft", _("%(y)s audit: %(n)s draft declaration(s) not yet submitted")),
]


@register_provider
def pending_declarations(user):
    if not user.has_role(roles.LABOUR_SERVICE):
        return
    counts = (
        declarations_for(user)
        .filter(audit_year__status=AuditYear.Status.OPEN, state__in=[s for s, _m in WAITING])
        .values_list("audit_year_id", "audit_year__year", "state")
        .annotate(n=Count("id"))
        .order_by("-audit_year__year", "audit_year_id")
    )
    found = {(pk, year, state): n for pk, year, state, n in counts}
    for pk, year in dict.fromkeys((pk, year) for pk, year, _s in found):
        for state, message in WAITING:
            n = found.get((pk, year, state))
            if n:
                query = urlencode({"state": state})
                url = f"{reverse('employment_quota:year', args=[pk])}?{query}"
                yield roles.LABOUR_SERVICE, message % {"y": year, "n": n}, url
