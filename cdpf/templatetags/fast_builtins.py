"""Builtin replacements (settings.TEMPLATES "builtins") for two tags and filters every list
page uses many times, with Django's own behaviour (issue 16 item 1):

- ``{% url %}`` reverses a name without arguments, or with one integer, from the process cache
  (cdpf/url_cache.py); any other call is Django's own tag;
- ``|date`` formats a date as "Y-m-d", or a date-time as "Y-m-d H:i", directly (the same text
  as Django's date format, ten times cheaper); any other format goes to Django's filter;
- ``|floatformat:2`` of a Decimal (money on the quota pages) is the Decimal rounded half up to
  two places when numbers are not grouped and every language's decimal mark is "."; anything
  else goes to Django's filter;
- ``{% static_url %}`` is ``{% static %}`` kept per path (the page frame links four files).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters, defaulttags
from django.templatetags.static import static
from django.urls import NoReverseMatch
from django.utils import formats
from django.utils.safestring import mark_safe

from cdpf.url_cache import current_app, reverse_fixed, reverse_int

register = template.Library()


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        if self.kwargs or len(self.args) > 1:
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        if args and type(args[0]) is not int:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        namespace = current_app(getattr(context, "request", None))
        try:
            if args:
                url = reverse_int(view_name, args[0], namespace)
            else:
                url = reverse_fixed(view_name, namespace)
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = template.base.conditional_escape(url)
        return url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    node.__class__ = CachedURLNode
    return node


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    kind = type(value)
    if kind is datetime.date and arg == "Y-m-d" and value.year >= 1000:
        return value.isoformat()
    if kind is datetime.datetime and arg == "Y-m-d H:i" and value.year >= 1000:
        return f"{value:%Y-%m-%d %H:%M}"
    return defaultfilters.date(value, arg)


_CENTS = Decimal("0.01")


@register.filter(is_safe=True)
def floatformat(value, arg=-1):
    if type(value) is Decimal and arg in (2, "2") and _plain_decimals():
        try:
            rounded = value.quantize(_CENTS, ROUND_HALF_UP)
        except InvalidOperation:
            return defaultfilters.floatformat(value, arg)
        if rounded.is_finite() and rounded and abs(rounded) < 10**15:
            return mark_safe(f"{rounded:f}")
    return defaultfilters.floatformat(value, arg)


def _plain_decimals() -> bool:
    """Whether Django would print a number as its digits with a "." (no grouping)."""
    if _PLAIN[0] is None:
        _PLAIN[0] = not settings.USE_THOUSAND_SEPARATOR and all(
            formats.get_format("DECIMAL_SEPARATOR", code) == "." for code, _ in settings.LANGUAGES
        )
    return _PLAIN[0]


_PLAIN: list[bool | None] = [None]


@register.simple_tag
def static_url(path: str) -> str:
    """``{% static %}`` once per process and path: the manifest is read once at start, so a
    path's URL does not change while the process runs (each page links four files)."""
    try:
        return _STATIC[path]
    except KeyError:
        url = _STATIC[path] = static(path)
        return url


_STATIC: dict[str, str] = {}


@receiver(setting_changed)
def _static_settings_changed(*, setting, **kwargs):
    if setting in {"STATIC_URL", "STORAGES", "STATIC_ROOT", "FORCE_SCRIPT_NAME"}:
        _STATIC.clear()
    if setting in {"USE_THOUSAND_SEPARATOR", "LANGUAGES", "FORMAT_MODULE_PATH"}:
        _PLAIN[0] = None
