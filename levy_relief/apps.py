from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LevyReliefConfig(AppConfig):
    name = "levy_relief"
    verbose_name = _("Levy reduction, exemption and deferral")

    def ready(self):
        from levy_relief import home  # noqa: F401  (registers the home-page items)
