"""Django's ``i18n`` template library with a cheaper ``{% translate %}`` (settings.TEMPLATES
"libraries" maps the name ``i18n`` here, so every ``{% load i18n %}`` gets it; issue 16 item 1).

A page says 40 to 80 fixed phrases ("Search", "Name", …) through ``{% translate "…" %}``, and
Django looks each one up, localizes and escapes it again on every render (about 20 µs each).
The text of a fixed phrase depends only on the active language (and whether the template
escapes), so each tag keeps what it printed per language. A tag with a variable, a filter or a
message context is Django's own, as is every other tag of the library.
"""

import weakref

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Variable
from django.templatetags import i18n as django_i18n
from django.utils import translation

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

_NODES: "weakref.WeakSet[FixedTranslateNode]" = weakref.WeakSet()  # forgotten on a change


class FixedTranslateNode(django_i18n.TranslateNode):
    """``{% translate "fixed text" %}`` (or ``… as name``), printed once per language."""

    def render(self, context):
        key = (translation.get_language(), context.autoescape)
        try:
            value = self.printed[key]
        except KeyError:
            value = self.printed[key] = super().render(context)
            if self.asvar:
                value = self.printed[key] = context[self.asvar]
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def _fixed(node: django_i18n.TranslateNode) -> bool:
    expression = node.filter_expression
    return (
        node.message_context is None
        and not expression.filters
        and isinstance(expression.var, Variable)
        and expression.var.literal is not None
        and isinstance(expression.var.literal, str)
    )


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    if _fixed(node):
        node.__class__ = FixedTranslateNode
        node.printed = {}
        _NODES.add(node)
    return node


@receiver(setting_changed)
def _languages_changed(*, setting, **kwargs):
    if setting in {"LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS", "INSTALLED_APPS"}:
        for node in list(_NODES):
            node.printed.clear()
