"""What the massage licensing views share: scoped reads, field labels and the unmet warning."""

from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf import roles
from cdpf.messages import render as render_lines
from cdpf.messages import render_text
from cdpf.selectors import get_scoped_or_404
from massage_licensing import selectors, services
from massage_licensing.models import Institution

FULL_ID_ROLES = (roles.LABOUR_SERVICE, roles.CHAIRMAN)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _institution(request, pk):
    return get_scoped_or_404(selectors.institutions_for(request.user), request.user, pk=pk)


def _field_label(name: str) -> str:
    try:
        return str(Institution._meta.get_field(name).verbose_name)
    except Exception:  # a field that no longer exists keeps its stored name
        return name


def _application(request, pk):
    return get_scoped_or_404(selectors.applications_for(request.user), request.user, pk=pk)


def _unmet_warning(institution) -> str:
    checks = services.evaluate(institution, timezone.localdate())
    return _(
        "The certified institution no longer meets the requirements: %(unmet)s. It must "
        "rectify, or the chairman may revoke the qualification."
    ) % {
        "unmet": render_lines(services.unmet_lines(checks))
        or render_text(institution.requirements_unmet)
    }
