from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cdpf import roles
from cdpf.navigation import register_link


class DutiesConfig(AppConfig):
    name = "duties"
    verbose_name = _("Duty register")

    def ready(self):
        from duties import home, jobs  # noqa: F401, PLC0415  (Django app loading)

        register_link(_("Duty register"), "duties:register", order=10)
        roles.register_document_readers("duty_register", roles.ALL_ROLES)
