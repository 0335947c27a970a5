from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TongbanConfig(AppConfig):
    name = "tongban"
    verbose_name = _("Residence intake (通办)")
