from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cdpf import roles
from cdpf.navigation import register_link


class CdpfConfig(AppConfig):
    name = "cdpf"
    verbose_name = _("Shared core")

    def ready(self):
        from cdpf import calendar_views, checks, choice_labels, document_checks, signals  # noqa: F401, PLC0415  (Django app loading)

        choice_labels.install()
        register_link(_("Home"), "home", order=0)
        register_link(
            _("Audit log"), "audit_log", order=90, roles=(roles.AUDIT_ADMIN, roles.SUPERVISOR)
        )
        register_link(
            _("Administration"),
            "admin:index",
            order=100,
            roles=(roles.ADMIN, roles.SECURITY_ADMIN),
            staff_only=True,
        )
