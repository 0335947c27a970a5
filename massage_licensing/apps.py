from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cdpf import roles
from cdpf.navigation import register_link


class MassageLicensingConfig(AppConfig):
    name = "massage_licensing"
    verbose_name = _("Blind massage institutions")

    def ready(self):
        register_link(
            _("Blind massage institutions"),
            "massage_licensing:index",
            order=50,
            roles=(roles.LABOUR_SERVICE, roles.CHAIRMAN, roles.SUPERVISOR),
        )
        roles.register_document_readers(
            "massage_", (roles.LABOUR_SERVICE, roles.SUPERVISOR, roles.CHAIRMAN)
        )
        from massage_licensing import home, jobs  # noqa: F401, PLC0415  (Django app loading)
