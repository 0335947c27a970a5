"""The duty register's items on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cdpf import roles
from cdpf.home import register_provider
from duties.selectors import regions_with_register
from duties.services import has_unpublished_changes


@register_provider
def unpublished_registers(user):
    if not user.has_role(roles.ADMIN):
        return

    for region in regions_with_register(user):
        if has_unpublished_changes(region):
            yield (
                roles.ADMIN,
                _("The duty register of %(region)s has changes that are not published.")
                % {"region": region.name},
                reverse("duties:versions") + f"?region={region.code}",
            )
