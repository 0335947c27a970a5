"""Rendering the Jinja2 pages (decision 0300): what a page's templates call, bound once per
page, and the two ways a Jinja2 template is printed: a whole page (``render``) or a fragment
inside a page of Django's engine (``render_fragment``: the frame, the tabs). The environment
and its helpers are cdpf/jinja.py."""

from __future__ import annotations

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import engines
from django.template.backends.utils import csrf_input
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from cdpf.url_cache import current_app, reverser

ENGINE = "jinja2"  # settings.TEMPLATES NAME


# language → phrase → its translation, kept for the process: a page prints 40 to 80 fixed
# phrases, and each gettext() reads the active language from a thread-local first.
_PHRASES: dict[str, dict[str, str]] = {}


def translator(language: str | None = None):
    """``_()`` for one page: ``{% translate "fixed phrase" %}`` in the page's language, not
    escaped, as Django marks a quoted phrase safe."""
    kept = _PHRASES.setdefault(language or get_language(), {})

    def translate(message: str) -> str:
        try:
            return kept[message]
        except KeyError:
            text = kept[message] = mark_safe(gettext(message))
            return text

    return translate


@receiver(setting_changed)
def _languages_changed(*, setting, **kwargs):
    if setting in {"LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _PHRASES.clear()


def page_tools(request, csrf: bool = True) -> dict:
    """What a page's templates call, bound once per page: ``_()`` to the active language,
    ``url()`` to the URL configuration and the request's namespace (cdpf/url_cache.py), and
    the CSRF field with one token for every form of the page, as Django's engine prints it."""
    tools = {"_": translator(), "url": reverser(current_app(request))}
    if csrf and request is not None:
        tools["csrf_input"] = csrf_input(request)
    return tools


def render(request, template_name: str, context: dict, status: int = 200) -> HttpResponse:
    """``django.shortcuts.render`` for a Jinja2 page, without asking Django's engine first."""
    html = engines[ENGINE].get_template(template_name).render(context, request)
    return HttpResponse(html, status=status)


def render_fragment(template_name: str, request, context: dict) -> str:
    """A Jinja2 template printed inside a page of Django's engine (the frame, the tabs)."""
    template = engines[ENGINE].env.get_template(template_name)
    tools = page_tools(request, csrf=False)  # the frame is given the page's own CSRF token
    return mark_safe(template.render({"request": request, **tools, **context}))
