from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MassageLicensingConfig(AppConfig):
    name = "massage_licensing"
    verbose_name = _("Blind massage institutions")

    def ready(self):
        from massage_licensing import home, jobs  # noqa: F401  (home items, the import job)
