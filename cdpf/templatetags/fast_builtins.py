"""Builtin replacements (settings.TEMPLATES "builtins") for two tags and filters every list
page uses many times, with Django's own behaviour (issue 16 item 1):

- ``{% url %}`` reverses a name without arguments, or with one integer, from the process cache
  (cdpf/url_cache.py); any other call is Django's own tag;
- ``|date`` formats a date as "Y-m-d", or a date-time as "Y-m-d H:i", directly (the same text
  as Django's date format, ten times cheaper); any other format goes to Django's filter;
- ``{% static_url %}`` is ``{% static %}`` kept per path (the page frame links four files).
"""

import datetime

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters, defaulttags
from django.templatetags.static import static
from django.urls import NoReverseMatch

from cdpf.url_cache import reverse_fixed, reverse_int

register = template.Library()


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        if self.kwargs or len(self.args) > 1:
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        if args and type(args[0]) is not int:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        try:
            if args:
                url = reverse_int(view_name, args[0], current_app)
            else:
                url = reverse_fixed(view_name, current_app)
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
