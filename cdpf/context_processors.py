"""Navigation shown in the page header, built from the user's roles."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cdpf import roles


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.region_id is None:
        return {"nav_links": []}
    links = [(_("Home"), reverse("home")), (_("Duty register"), reverse("duties:register"))]
    if user.has_role(roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN, roles.SUPERVISOR):
        links.append((_("Disability certificates"), reverse("certificates:index")))
    if user.has_role(
        roles.LABOUR_SERVICE,
        roles.SUPERVISOR,
        roles.CHAIRMAN,
        roles.EDUCATION_EMPLOYMENT,
    ):
        links.append((_("Quota audit"), reverse("employment_quota:index")))
    if user.has_role(roles.LABOUR_SERVICE, roles.CHAIRMAN, roles.SUPERVISOR):
        links.append((_("Levy relief"), reverse("levy_relief:index")))
        links.append((_("Blind massage institutions"), reverse("massage_licensing:index")))
    if user.has_role(
        roles.SUPERVISOR,
        roles.OFFICE,
        roles.CERTIFICATE_ROOM,
        roles.LABOUR_SERVICE,
        roles.CHAIRMAN,
    ):
        links.append((_("Supervision"), reverse("supervision:dashboard")))
    if user.has_role(roles.AUDIT_ADMIN, roles.SUPERVISOR):
        links.append((_("Audit log"), reverse("audit_log")))
    if user.has_role(roles.ADMIN, roles.SECURITY_ADMIN) and user.is_staff:
        links.append((_("Administration"), reverse("admin:index")))
    current = request.path
    return {
        "nav_links": [
            {
                "label": label,
                "url": url,
                "current": current == url or (url != "/" and current.startswith(url)),
            }
            for label, url in links
        ],
        "user_roles": [roles.ROLE_LABELS[r] for r in roles.ALL_ROLES if user.has_role(r)],
    }
