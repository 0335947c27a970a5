from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutiesConfig(AppConfig):
    name = "duties"
    verbose_name = _("Duty register")

    def ready(self):
        from duties import home, jobs  # noqa: F401  (register home items and job handlers)
