"""Reversing URL names once per process (issue 16 item 1).

Django's ``reverse()`` walks the resolver for every call, about 26 µs: a list page with its
menus and a link per row reversed some 50 names. Two kinds of call always give the same path
for the same URL configuration, script prefix, application namespace and language:

- a name without arguments: its path is kept;
- a name whose one argument is an integer (``certificates:person 42``): the path is kept with
  a marker in the argument's place, and the integer is put in. The marker form is used only
  after checking, once per name, that it gives what ``reverse()`` gives for other integers; a
  name whose converter would change the number (or refuse one) is always reversed.

The cache is cleared when a test overrides ROOT_URLCONF and is bounded by the number of names.
"""

from __future__ import annotations

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_PATHS: dict[tuple, str] = {}
_MARKED: dict[tuple, tuple[str, str] | None] = {}
_MARKER = 987654321  # stands for the argument; no fixed path contains it


def _key(viewname: str, current_app: str | None) -> tuple:
    return (
        viewname,
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        current_app,
        get_language(),
    )


def reverse_fixed(viewname: str, current_app: str | None = None) -> str:
    """``reverse(viewname)`` for a name that takes no arguments, from the process cache."""
    key = _key(viewname, current_app)
    try:
        return _PATHS[key]
    except KeyError:
        path = _PATHS[key] = reverse(viewname, current_app=current_app)
        return path


def reverse_int(viewname: str, number: int, current_app: str | None = None) -> str:
    """``reverse(viewname, args=[number])`` for a positive integer, from the marked path."""
    if type(number) is not int or number < 0:
        return reverse(viewname, args=[number], current_app=current_app)
    marked = _marked(viewname, current_app)
    if marked is None:
        return reverse(viewname, args=[number], current_app=current_app)
    return f"{marked[0]}{number}{marked[1]}"


def int_paths(viewname: str, current_app: str | None = None):
    """A function giving ``reverse_int(viewname, n, current_app)`` for each n, the cache looked
    up once (a list of 25 rows links each row to the same name)."""
    marked = _marked(viewname, current_app)
    if marked is None:
        return lambda number: reverse(viewname, args=[number], current_app=current_app)
    before, after = marked

    def path(number) -> str:
        if type(number) is not int or number < 0:
            return reverse(viewname, args=[number], current_app=current_app)
        return f"{before}{number}{after}"

    return path


def current_app(request) -> str | None:
    """The namespace ``{% url %}`` reverses in for `request`, as Django's tag finds it."""
    try:
        return request.current_app
    except AttributeError:
        try:
            return request.resolver_match.namespace
        except AttributeError:
            return None


def reverser(current_app: str | None = None):
    """A function giving ``reverse(viewname, args=args, current_app=current_app)``, the cache's
    key (URL configuration, script prefix, language) read once: one page's links, which are
    printed in one thread, one language and one configuration (the Jinja2 pages' ``url()``)."""
    parts = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), current_app,
             get_language())  # fmt: skip

    def url(viewname: str, *args) -> str:
        if not args:
            key = (viewname, *parts)
            try:
                return _PATHS[key]
            except KeyError:
                path = _PATHS[key] = reverse(viewname, current_app=current_app)
                return path
        if len(args) == 1 and type(args[0]) is int and args[0] >= 0:
            key = (viewname, *parts)
            try:
                marked = _MARKED[key]
            except KeyError:
                marked = _MARKED[key] = _marked_path(viewname, current_app)
            if marked is not None:
                return f"{marked[0]}{args[0]}{marked[1]}"
        return reverse(viewname, args=args, current_app=current_app)

    return url


def _marked(viewname: str, current_app: str | None) -> tuple[str, str] | None:
    """The name's path split around its argument, kept per process; None: always reverse."""
    key = _key(viewname, current_app)
    try:
        return _MARKED[key]
    except KeyError:
        marked = _MARKED[key] = _marked_path(viewname, current_app)
        return marked


def _marked_path(viewname: str, current_app: str | None) -> tuple[str, str] | None:
    try:
        path = reverse(viewname, args=[_MARKER], current_app=current_app)
    except NoReverseMatch:
        return None
    if path.count(str(_MARKER)) != 1:
        return None
    before, after = path.split(str(_MARKER))
    for probe in (0, 7, 12_345, 2_000_000_001):
        try:
            path = reverse(viewname, args=[probe], current_app=current_app)
        except NoReverseMatch:
            return None
        if path != f"{before}{probe}{after}":
            return None
    return before, after


def clear() -> None:
    _PATHS.clear()
    _MARKED.clear()


@receiver(setting_changed)
def _settings_changed(*, setting, **kwargs):
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME", "LANGUAGE_CODE", "INSTALLED_APPS"}:
        clear()
