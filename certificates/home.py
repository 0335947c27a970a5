"""The certificate register's pending work on the home page, per role."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdpf import roles
from cdpf.home import register_provider
from certificates.models import Assessment
from certificates.selectors import applications_for

WAITING = [
    # role, state, message
    (roles.OFFICE, "received", _("%(n)s application(s) wait for the assessment")),
    (roles.OFFICE, "assessed", _("%(n)s assessed application(s) wait for the public notice")),
    (roles.OFFICE, "in_notice", _("%(n)s application(s) are in public notice")),
    (roles.CHAIRMAN, "review", _("%(n)s application(s) wait for your review")),
    (roles.CERTIFICATE_ROOM, "approved", _("%(n)s certificate(s) wait to be printed")),
    (roles.CERTIFICATE_ROOM, "printed", _("%(n)s printed certificate(s) wait for handover")),
]


@register_provider
def pending_applications(user):
    if not user.has_role(roles.OFFICE, roles.CHAIRMAN, roles.CERTIFICATE_ROOM):
        return
    today = timezone.localdate()
    counts = dict(applications_for(user).values_list("state").annotate(n=Count("id")).order_by())
    overdue = applications_for(user).filter(Q(state="review") & Q(review_due_on__lt=today))
    url = reverse("certificates:queue")
    for role, state, message in WAITING:
        if counts.get(state) and user.has_role(role):
            yield role, message % {"n": counts[state]}, url
    if user.has_role(roles.CHAIRMAN) and overdue.exists():
        yield roles.CHAIRMAN, _("%(n)s review(s) are overdue") % {"n": overdue.count()}, url


@register_provider
def assessments_to_sign(user):
    """Direct assessments naming this user as a signer who has not signed yet."""
    held = [role for role in roles.ALL_ROLES if user.has_role(role)]
    if not held:
        return
    role = roles.CHAIRMAN if roles.CHAIRMAN in held else held[0]
    pending = (
        Assessment.objects.filter(complete=False, signers=user)
        .exclude(signatures__user=user)
        .exclude(application__state__in=["returned", "withdrawn", "closed"])
        .select_related("application__person")
        .order_by("assessed_on", "id")[:20]
    )
    for assessment in pending:
        yield (
            role,
            _("Sign the direct assessment of %(name)s")
            % {"name": assessment.application.person.name},
            reverse("certificates:assessment_sign", args=[assessment.application_id]),
        )
