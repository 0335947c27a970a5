"""Django admin read in Chinese (issue 14): the yes/no icons' text alternatives are translated
(Django writes "True"/"False"), and audit entries and kept documents show names, not codes."""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _


def boolean_icon(field_val):
    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    text = {True: _("Yes"), False: _("No"), None: _("Unknown")}[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def install() -> None:
    # django.contrib.admin.utils and helpers import the function from admin_list when called
    admin_list._boolean_icon = boolean_icon
