"""The builtin {% url %} and |date (cdpf/templatetags/fast_builtins.py) give exactly what
Django's own give (issue 16 item 1)."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template, defaultfilters, engines
from django.templatetags.static import static
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from cdpf import url_cache
from cdpf.templatetags.fast_builtins import date as fast_date
from cdpf.templatetags.fast_builtins import floatformat as fast_floatformat


@given(st.dates(min_value=datetime.date(1000, 1, 1)))
def test_a_date_reads_as_djangos_date_filter(value):
    assert fast_date(value, "Y-m-d") == defaultfilters.date(value, "Y-m-d")


@given(st.datetimes(min_value=datetime.datetime(1000, 1, 1)))
@settings(max_examples=200)
def test_a_date_time_reads_as_djangos_date_filter(value):
    for fmt in ("Y-m-d H:i", "Y-m-d", "H:i"):
        assert fast_date(value, fmt) == defaultfilters.date(value, fmt)


def test_other_values_go_to_djangos_filter():
    assert fast_date(None, "Y-m-d") == "" and fast_date("", "Y-m-d") == ""
    assert fast_date(datetime.date(2026, 3, 1), "Y年n月j日") == "2026年3月1日"


def _names_with_one_argument():
    """Every URL name of the project whose pattern takes exactly one argument."""
    found = []

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name and len(p.pattern.converters) == 1:
                found.append(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns, "")
    return found


def test_every_name_with_one_integer_reverses_as_django_does():
    names = _names_with_one_argument()
    assert len(names) > 20
    refused = []
    for name in names:
        for number in (1, 42, 10**9):
            try:
                expected = reverse(name, args=[number])
            except NoReverseMatch:  # a name whose converter refuses integers: refused alike
                refused.append(name)
                with pytest.raises(NoReverseMatch, match=name.split(":")[-1]):
                    url_cache.reverse_int(name, number)
                continue
            assert url_cache.reverse_int(name, number) == expected, name
    assert len(refused) < len(names) * 3


def test_the_template_tag_reads_as_djangos():
    django_engine = engines["django"].engine
    assert "cdpf.templatetags.fast_builtins" in django_engine.builtins
    html = Template(
        "{% url 'certificates:index' %}|{% url 'certificates:person' 7 %}|"
        "{% url 'certificates:person' 7 as p %}{{ p }}|{% url 'document_download' 'A-1' %}"
    ).render(Context({}))
    assert html == "|".join(
        [
            reverse("certificates:index"),
            reverse("certificates:person", args=[7]),
            reverse("certificates:person", args=[7]),
            reverse("document_download", args=["A-1"]),
        ]
    )


def test_a_name_whose_converter_changes_the_number_is_always_reversed(monkeypatch):
    url_cache.clear()
    calls = []
    real = url_cache.reverse

    def spying(name, *args, **kwargs):
        calls.append(kwargs.get("args"))
        return real(name, *args, **kwargs).replace("/7/", "/0007/")

    monkeypatch.setattr(url_cache, "reverse", spying)
    assert url_cache.reverse_int("certificates:person", 7) == "/certificates/people/0007/"
    assert url_cache._MARKED[url_cache._key("certificates:person", None)] is None
    url_cache.clear()


def test_static_url_reads_as_static(settings):
    html = Template("{% static_url 'css/cdpf.css' %}").render(Context({}))
    assert html == static("css/cdpf.css")
    settings.STATIC_URL = "/elsewhere/"
    assert Template("{% static_url 'css/cdpf.css' %}").render(Context({})) == static(
        "css/cdpf.css"
    )
    assert static("css/cdpf.css").startswith("/elsewhere/")


@given(st.decimals(allow_nan=True, allow_infinity=True, places=None))
@settings(max_examples=500)
def test_floatformat_reads_as_djangos(value):
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert fast_floatformat(value, "2") == defaultfilters.floatformat(value, "2")


@pytest.mark.parametrize(
    "value", ["0.005", "-0.005", "2.675", "-2.675", "1234567.891", "0", "-0", "1E+3", "1e-9"]
)
def test_floatformat_edges_read_as_djangos(value):
    assert fast_floatformat(Decimal(value), "2") == defaultfilters.floatformat(Decimal(value), "2")


def test_floatformat_with_grouping_is_djangos(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    for text in ("1234567.891", "-0.004", "12.5"):
        assert fast_floatformat(Decimal(text), "2") == defaultfilters.floatformat(
            Decimal(text), "2"
        )


def test_floatformat_in_a_template_takes_the_short_way(monkeypatch):
    calls = []
    real = defaultfilters.floatformat
    monkeypatch.setattr(
        defaultfilters, "floatformat", lambda *args: calls.append(args) or real(*args)
    )
    html = Template("{{ v|floatformat:2 }} {{ w|floatformat:2 }}").render(
        Context({"v": Decimal("1234.005"), "w": 2.5})
    )
    assert html == "1234.01 2.50"
    assert calls == [(2.5, 2)]  # the Decimal did not go to Django's filter; the float did


def test_a_path_maker_gives_what_reverse_gives():
    person = url_cache.int_paths("certificates:person", "certificates")
    for number in (0, 1, 42, 2_000_000_001):
        assert person(number) == reverse(
            "certificates:person", args=[number], current_app="certificates"
        )
    with pytest.raises(NoReverseMatch, match="certificates"):
        person(-1)  # what the pattern refuses, reverse() refuses
