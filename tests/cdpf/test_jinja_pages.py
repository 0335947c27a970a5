"""The Jinja2 frame and pages (decision 0300): Django's behaviour kept where the templates lean
on it (translation, escaping, URLs, the CSRF field), one frame for both engines, and every
phrase of a Jinja2 template in the Chinese catalogue."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template import Context, Engine, engines
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from cdpf import jinja, jinja_pages, url_cache
from tests.factories import make_holder, practitioner_id_number

JINJA_DIR = Path(settings.BASE_DIR) / "templates" / "jinja2"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _djangos(source: str, values: dict) -> str:
    engine = Engine(libraries={"i18n": "django.templatetags.i18n"})
    return engine.from_string(source).render(Context(values))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("value", ["3", "<b>&amp;", 'a"b', 10001])
def test_blocktrans_reads_as_djangos_blocktranslate(language, value):
    source = (
        "{% load i18n %}{% blocktranslate with n=v total=v %}Page {{ n }} of {{ total }}"
        "{% endblocktranslate %}"
    )
    with translation.override(language):
        assert jinja.blocktrans("Page %(n)s of %(total)s", n=value, total=value) == _djangos(
            source, {"v": value}
        )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("count", [0, 1, 2, 106])
def test_nblocktrans_reads_as_djangos_plural(language, count):
    source = (
        "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} certificate"
        "{% plural %}{{ counter }} certificates{% endblocktranslate %}"
    )
    with translation.override(language):
        ours = jinja.nblocktrans("%(counter)s certificate", "%(counter)s certificates", count)
        assert ours == _djangos(source, {"n": count})


@pytest.mark.parametrize("language", ["zh-hans", "en", "zh-hans"])
def test_a_fixed_phrase_reads_as_djangos_translate_in_each_language(language):
    phrase = "Disabled Persons' Federation staff system. Personal data shown here is sensitive: every view is recorded."  # noqa: E501
    source = '{% load i18n %}{% translate "' + phrase + '" %}|{% translate "Search" %}'
    with translation.override(language):
        ours = '{{ _("' + phrase + '") }}|{{ _("Search") }}'
        template = engines[jinja_pages.ENGINE].from_string(ours)
        assert template.render({}) == _djangos(source, {})


@given(st.integers(min_value=-3, max_value=10**12))
def test_url_is_reverse_for_any_argument(number):
    url = url_cache.reverser("certificates")
    try:
        expected = reverse("certificates:person", args=[number])
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch, match="person"):
            url("certificates:person", number)
    else:
        assert url("certificates:person", number) == expected
    assert url("certificates:index") == reverse("certificates:index")


def test_url_follows_the_script_prefix_and_a_text_argument():
    set_script_prefix("/cdpf/")
    try:
        url = url_cache.reverser()
        assert url("certificates:index") == "/cdpf/certificates/"
        assert url("certificates:person", 42) == "/cdpf/certificates/people/42/"
    finally:
        set_script_prefix("/")
    url = url_cache.reverser()
    assert url("certificates:index") == "/certificates/"
    assert url("certificates:person", "42") == reverse("certificates:person", args=["42"])


def _request(user, path="/certificates/?q=%3Cb%3E"):
    request = RequestFactory().get(path)
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.django_db
def test_one_frame_for_both_engines(office_user, yongnian):
    request = _request(office_user)
    request.resolver_match = None
    django_page = engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}页名{% endblock %}'
        "{% block content %}<p>page</p>{% endblock %}"
    )
    jinja_page = engines[jinja_pages.ENGINE].from_string(
        '{% extends "base.jinja" %}{% block title %}页名{% endblock %}'
        "{% block content %}<p>page</p>{% endblock %}"
    )
    pages = [django_page.render({}, request), jinja_page.render({}, request)]
    first, second = (TOKEN.sub("CSRF", page) for page in pages)
    assert first == second
    assert '<html lang="zh-Hans">' in first
    assert "<title>页名 · 残联通</title>" in first
    assert f"{office_user} · {yongnian.name}" in first
    assert '<input name="next" type="hidden" value="/certificates/?q=%3Cb%3E">' in first


@pytest.mark.django_db
def test_the_frame_prints_one_csrf_token_per_page(client, office_user):
    client.force_login(office_user)
    page = client.get(reverse("certificates:index")).content.decode()
    tokens = TOKEN.findall(page)
    assert len(tokens) == 3  # the summary's form, signing out, the language
    assert len(set(tokens)) == 1
    django_page = client.get(reverse("certificates:queue")).content.decode()
    assert len(set(TOKEN.findall(django_page))) == 1


@pytest.mark.django_db
def test_the_frame_prints_messages_with_their_roles(office_user):
    request = _request(office_user)
    storage = get_messages(request)
    storage.add(constants.ERROR, "出错 <b>")
    storage.add(constants.SUCCESS, "已保存")
    page = render_to_string("404.html", request=request)
    assert '<div class="alert alert-danger" role="alert">出错 &lt;b&gt;</div>' in page
    assert '<div class="alert alert-success" role="status">已保存</div>' in page


def test_a_page_without_a_request_prints_its_frame():
    page = render_to_string("404.html")
    assert "csrfmiddlewaretoken" not in page
    assert '<input name="next" type="hidden" value="">' in page
    assert "navbar-toggler" not in page


QUOTED = r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\''


def _text(match, group: int) -> str:
    return match.group(group) if match.group(group) is not None else match.group(group + 1)


def _phrases() -> tuple[set[str], set[tuple[str, str]]]:
    """The phrases and the plural pairs the Jinja2 templates translate."""
    phrases, plurals = set(), set()
    for path in JINJA_DIR.rglob("*.jinja"):
        text = path.read_text()
        for call in re.finditer(r"\b(?:_|blocktrans)\(\s*(?:" + QUOTED + ")", text):
            phrases.add(_text(call, 1))
        pair = r"\bnblocktrans\(\s*(?:" + QUOTED + r")\s*,\s*(?:" + QUOTED + ")"
        for call in re.finditer(pair, text):
            plurals.add((_text(call, 1), _text(call, 3)))
    return phrases, plurals


def test_every_phrase_of_the_jinja_templates_is_translated():
    phrases, plurals = _phrases()
    assert {"Search", "Page %(n)s of %(total)s"} <= phrases
    assert ("%(counter)s certificate", "%(counter)s certificates") in plurals
    with translation.override("zh-hans"):
        untranslated = sorted(p for p in phrases if translation.gettext(p) == p)
        untranslated += [p for p, ps in plurals if translation.ngettext(p, ps, 2) == ps]
    assert untranslated == []


@pytest.mark.django_db
def test_the_jinja_pages_escape_what_people_typed(client, office_user):
    certificate = make_holder(practitioner_id_number(901), "<b>王秀</b>")
    person = certificate.person
    person.address, person.guardian_name = '"><script>x()</script>', "A&B"
    person.save()
    client.force_login(office_user)
    pages = [
        client.get(reverse("certificates:person", args=[person.pk])).content.decode(),
        client.get(reverse("certificates:index"), {"q": "王秀"}).content.decode(),
        client.get(reverse("certificates:index"), {"grade": "2"}).content.decode(),
    ]
    for page in pages:
        assert "&lt;b&gt;王秀&lt;/b&gt;" in page and "<b>王秀" not in page
    assert "&#34;&gt;&lt;script&gt;x()&lt;/script&gt;" in pages[0] and "<script>x()" not in pages[0]
    assert "A&amp;B" in pages[0]


@pytest.mark.django_db
def test_the_token_a_jinja_page_prints_is_accepted(office_user):
    """One CSRF token per page (page_tools): the forms of a Jinja2 page post with it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(office_user)
    page = client.get(reverse("certificates:index")).content.decode()
    token = TOKEN.findall(page)[0]
    response = client.post(reverse("certificates:summary_pdf"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")  # a job
    switched = client.post(
        reverse("set_language"),
        {"csrfmiddlewaretoken": token, "language": "en", "next": "/certificates/"},
    )
    assert switched.status_code == 302
    refused = client.post(reverse("certificates:summary_pdf"), {"csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403
