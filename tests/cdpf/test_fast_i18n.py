"""{% load i18n %} is cdpf/templatetags/fast_i18n.py: a fixed phrase printed once per language
gives exactly what Django's own {% translate %} gives (issue 16 item 1)."""

import pytest
from django.template import Context, Engine, engines
from django.templatetags import i18n as django_i18n
from django.utils import translation

from cdpf.templatetags import fast_i18n

SOURCES = [
    '{% load i18n %}{% translate "Search" %}',
    '{% load i18n %}{% trans "Sign out" %}|{% translate "Search" noop %}',
    '{% load i18n %}{% translate "Partly <hidden> & more %% done" %}',
    '{% load i18n %}{% autoescape off %}{% translate "a <b> & c" %}{% endautoescape %}',
    '{% load i18n %}{% translate "Search" as word %}[{{ word }}]{{ word }}',
    '{% load i18n %}{% translate label %}|{% translate "Search"|upper %}',
    '{% load i18n %}{% translate "May" context "month name" %}',
    "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} certificate"
    "{% plural %}{{ counter }} certificates{% endblocktranslate %}",
]


def _djangos(source: str) -> str:
    engine = Engine(libraries={"i18n": "django.templatetags.i18n"})
    return engine.from_string(source).render(Context({"label": "Search", "n": 3}))


@pytest.mark.parametrize("source", SOURCES)
def test_each_language_reads_as_djangos_own(source):
    ours = engines["django"].from_string(source)  # one compiled template: what it keeps
    for language in ("zh-hans", "en", "zh-hans"):  # back again: nothing kept leaks over
        with translation.override(language):
            assert ours.render({"label": "Search", "n": 3}) == _djangos(source)
            assert ours.render({"label": "Search", "n": 3}) == _djangos(source)


def test_the_phrase_is_in_the_language_of_the_request():
    template = engines["django"].from_string('{% load i18n %}{% translate "Search" %}')
    with translation.override("zh-hans"):
        assert template.render({}) == "搜索"
    with translation.override("en"):
        assert template.render({}) == "Search"


def test_only_fixed_phrases_are_kept():
    compiled = engines["django"].from_string(
        '{% load i18n %}{% translate "Search" %}{% translate label %}'
        '{% translate "Search"|upper %}{% translate "May" context "month name" %}'
    )
    kinds = [type(node) for node in compiled.template.nodelist if not hasattr(node, "s")]
    assert kinds[1:] == [
        fast_i18n.FixedTranslateNode,
        django_i18n.TranslateNode,
        django_i18n.TranslateNode,
        django_i18n.TranslateNode,
    ]


def test_the_rest_of_the_library_is_djangos():
    assert set(fast_i18n.register.tags) == set(django_i18n.register.tags)
    assert set(fast_i18n.register.filters) == set(django_i18n.register.filters)
    for name in set(django_i18n.register.tags) - {"translate", "trans"}:
        assert fast_i18n.register.tags[name] is django_i18n.register.tags[name]


def test_the_check_knows_the_library_stands_in_but_warns_of_any_other_clash(settings):
    assert engines["django"].check() == []
    options = settings.TEMPLATES[0]["OPTIONS"]
    clash = {
        **options,
        "libraries": {**options["libraries"], "static": "cdpf.templatetags.cdpf_tags"},
    }
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": clash}]
    warnings = engines["django"].check()
    assert [w.id for w in warnings] == ["templates.W003"] and "'static'" in warnings[0].msg
