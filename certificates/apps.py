from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Disability certificates")

    def ready(self):
        # home items, jobs, name index, void marks on kept batches
        from certificates import batches, home, jobs, signals  # noqa: F401
