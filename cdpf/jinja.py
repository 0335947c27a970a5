"""Jinja2 for the page frame and the busiest pages (issue 16 item 1, decision 0300).

Django's template engine costs about 1.8 ms for the frame and a search form, the largest part
of a cheap page. Jinja2 compiles a template to Python once, so the same HTML costs a fraction
of it. The frame (templates/jinja2/base.jinja) and the certificate register's tabs
(certificates/tabs.jinja) are written once, in Jinja2: the pages written for Django's engine
reach them through ``{% jinja_frame %}`` (cdpf/templatetags/jinja_frame.py), the Jinja2 pages
extend them directly. This module is the environment and its helpers; cdpf/jinja_pages.py
renders the pages.

What the templates may call is listed here, each with Django's own behaviour:

- ``_("phrase")`` is ``{% translate "phrase" %}``: the catalogue's text as it is, since Django
  takes a quoted phrase as safe;
- ``blocktrans("… %(n)s …", n=value)`` and ``nblocktrans(singular, plural, count, …)`` are
  ``{% blocktranslate %}``: the values escaped, the translated text as the catalogue has it;
- ``url(name, *args)`` is ``{% url %}`` through the process cache (cdpf/url_cache.py);
- ``static_url``, ``|date``, ``|floatformat``, ``field()``, ``colon()``, ``|kept_text`` and
  ``flow_can()`` are the project's Django tags and filters of the same names.

Rendering sends ``template_rendered`` as Django's engine does, so the test client's
``response.context`` holds a Jinja2 page's context too (with no receiver, as in production, the
signal returns at once).
"""

from __future__ import annotations

import functools

import jinja2
from django.conf import settings
from django.template.backends import jinja2 as django_jinja2
from django.test.signals import template_rendered
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, get_language_info, gettext, ngettext

from cdpf.flows import flow_named
from cdpf.jinja_pages import page_tools
from cdpf.templatetags.cdpf_tags import colon, field, kept_text
from cdpf.templatetags.fast_builtins import date, floatformat, static_url


def blocktrans(message: str, **values) -> str:
    """``{% blocktranslate with a=… %}``: the values escaped, the message as translated."""
    return mark_safe(gettext(message) % {k: conditional_escape(v) for k, v in values.items()})


def nblocktrans(singular: str, plural: str, count: int, **values) -> str:
    """``{% blocktranslate count counter=… %}``: the message chosen by ``count``."""
    values["counter"] = count
    return mark_safe(
        ngettext(singular, plural, count) % {k: conditional_escape(v) for k, v in values.items()}
    )


def local_date(value, arg=None) -> str:
    """``|date``: a date-time in the local time zone first, as Django's filter takes it."""
    return date(template_localtime(value), arg)


def flow_can(user, flow: str, step: str) -> bool:
    """``{% flow_can flow step %}``: whether the user may take a flow's step (decision 0210)."""
    return flow_named(flow).may(user, None, step)


@functools.cache
def _languages(codes: tuple[str, ...]) -> tuple[dict, ...]:
    return tuple(get_language_info(code) for code in codes)


def languages() -> tuple[dict, ...]:
    """``{% get_language_info_list for LANGUAGES %}``, kept per set of languages."""
    return _languages(tuple(code for code, _name in settings.LANGUAGES))


# What the apps add for their own templates (their AppConfig.ready, before any page renders)
APP_GLOBALS: dict[str, object] = {}


def register_globals(**functions) -> None:
    """An app's template functions (``certificate_rows``…), for the environment made next."""
    APP_GLOBALS.update(functions)


def environment(**options) -> jinja2.Environment:
    options.setdefault("keep_trailing_newline", True)  # as Django's engine prints a file
    env = jinja2.Environment(**options)
    env.globals.update(
        blocktrans=blocktrans,
        nblocktrans=nblocktrans,
        static_url=static_url,
        get_language=get_language,
        languages=languages,
        field=field,
        colon=colon,
        flow_can=flow_can,
        **APP_GLOBALS,
    )
    env.filters.update(date=local_date, floatformat=floatformat, kept_text=kept_text)
    return env


class Template(django_jinja2.Template):
    def __init__(self, template, backend):
        super().__init__(template, backend)
        self.name = template.name  # as assertTemplateUsed reads a template's name

    def render(self, context=None, request=None):
        """Django's Jinja2 rendering, with the page's tools (one CSRF token, not one per form)."""
        context = {} if context is None else context
        if request is not None:
            context["request"] = request
            for context_processor in self.backend.template_context_processors:
                context.update(context_processor(request))
        context.update(page_tools(request))
        html = self.template.render(context)
        template_rendered.send(sender=self, template=self, context=context)
        return html


class Jinja2(django_jinja2.Jinja2):
    """Django's Jinja2 backend whose templates announce themselves as Django's do."""

    def get_template(self, template_name):
        return Template(super().get_template(template_name).template, self)

    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)
