from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CdpfConfig(AppConfig):
    name = "cdpf"
    verbose_name = _("Shared core")

    def ready(self):
        from cdpf import calendar_views, checks, choice_labels, document_checks, signals  # noqa: F401

        choice_labels.install()
