from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Disability certificates")

    def ready(self):
        from certificates import home, jobs, signals  # noqa: F401  (home items, jobs, name index)
