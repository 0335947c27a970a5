"""Django admin read in Chinese (issue 14): the yes/no icons' text alternatives are translated
(Django writes "True"/"False"), audit entries and kept documents show names, not codes, roles
(Django groups) show their labels, not their codes, and permissions read in the reader's language
(migrate stores their names in English)."""

from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.models import Group
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cdpf.roles import ROLE_LABELS


def boolean_icon(field_val):
    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    text = {True: _("Yes"), False: _("No"), None: _("Unknown")}[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def role_label(group) -> str:
    return str(ROLE_LABELS.get(group.name, group.name))


PERMISSION_ACTIONS = {"add": "Add", "change": "Change", "delete": "Delete", "view": "View"}


def permission_label(permission) -> str:
    """ "Add calendar day" built from the action and the model's verbose name, both translated
    ("增加 日历日"), instead of the English name migrate stored."""
    model = permission.content_type.model_class()
    action, _sep, codename_model = permission.codename.partition("_")
    if (
        model is None
        or action not in PERMISSION_ACTIONS
        or codename_model != model._meta.model_name
    ):
        return _(permission.name)
    return f"{_(PERMISSION_ACTIONS[action])} {model._meta.verbose_name}"


def install() -> None:
    # django.contrib.admin.utils and helpers import the function from admin_list when called
    admin_list._boolean_icon = boolean_icon
    # a role is named by its label wherever the admin shows a group (filters, lists, titles)
    Group.__str__ = role_label
