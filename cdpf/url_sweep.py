"""Every named page of the URLconf with sample arguments (the admin aside): the list the URL
sweep test walks and the production smoke test (scripts/prod_smoke.py) opens as each role."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver, reverse

SAMPLE = {"int": 999999, "string": "NO-SUCH", "slug": "no-such", "path": "no/such"}


def walk(patterns, namespace: str = "", prefix: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from walk(entry.url_patterns, ns.strip(":"), prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            kwargs = {
                key: SAMPLE[type(conv).__name__.replace("Converter", "").lower()]
                for key, conv in entry.pattern.converters.items()
            }
            yield name, reverse(name, kwargs=kwargs), entry.callback


def routes() -> list[tuple[str, str, object]]:
    """(name, url, view) for every named route."""
    return list(walk(get_resolver().url_patterns))
