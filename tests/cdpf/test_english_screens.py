"""Every page reads in English when English is chosen (issue 19 item 18): with the demo records
loaded, each demo account walks every page it can reach in English (tests/screen_crawl.py) and
no Chinese may show except data as it was entered (names, addresses, region names, the duty
register, titles of kept documents — any text stored in a record a person typed or a document
that is Chinese by law), an official term glossed in brackets after its English ("Reported lost
(挂失)"), and the language switch's own name for Chinese. Text the system writes itself and
stores (reasons, materials, results) must be stored as a code or in English and shown through
the translations, so it is not allowed here even though it is in the database."""

import importlib
import os
import re
from collections import defaultdict

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import translation

from cdpf.management.commands.load_demo import ACCOUNTS
from cdpf.models import User
from tests.screen_crawl import VisibleText, crawl

REPORT_FILE = os.environ.get("ENGLISH_SCREENS_REPORT")  # write the findings here as well

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uff19\uff1b-\uffef]+")
ENGLISH_LABEL_COLON = re.compile(r"[A-Za-z)][ ]?：")  # "Employer：" (U+FF1A after English)
IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# a 发文字号 (邯郸残监报〔2026〕1号): an identifier, like the internal numbers of kept copies
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号")
IDEOGRAPHS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# "Reported lost (挂失)": the official Chinese term after its English, in brackets
GLOSS = re.compile(r"[A-Za-z][\w ,.'/-]*\s?\(([^()]*)\)")
ALWAYS_ALLOWED = {"简体中文"}  # the language switch names each language in itself
# Modules whose texts are the words of the Chinese files the system reads and writes (column
# headers, their values, official sources): a help text naming a column names it as it is.
FILE_VOCABULARY_MODULES = (
    "certificates.spreadsheets",
    "employment_quota.spreadsheets",
    "employment_quota.rules",
    "levy_relief.spreadsheets",
    "levy_relief.rules",
    "massage_licensing.spreadsheets",
    "massage_licensing.rules",
    "supervision.rules",
    "duties.resources",
    "cdpf.calendar",
)
# names in those modules that are the interface's words, read through the translations
NOT_FILE_VOCABULARY = {"EMPLOYER_TYPE_NAMES", "KIND_WORDS", "STATUS_NAMES", "FACILITIES"}
# Fields the system fills itself with words of the interface: never taken as entered data.
# (What a person types into these stays as typed, but the demo's values here are the system's.)
SYSTEM_TEXT_FIELDS = {
    "cdpf.auditentry.object_repr",
    "cdpf.auditentry.detail",
    "cdpf.job.title",
    "cdpf.job.message",
    "certificates.certificate.status_reason",
    "certificates.certificateevent.note",
    "certificates.applicationevent.note",
    "massage_licensing.qualificationevent.note",
    "employment_quota.declaredemployee.reason",  # kept in Chinese for files (reason_lines)
    "massage_licensing.institution.requirements_unmet",  # kept lines, read in either language
}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)


def file_vocabulary() -> str:
    values = []
    for name in FILE_VOCABULARY_MODULES:
        module = importlib.import_module(name)
        for key, value in vars(module).items():
            if key in NOT_FILE_VOCABULARY:
                continue
            values.extend(v for v in _strings(value) if IDEOGRAPH.search(v))
    return "\x00".join(values)


def entered_text() -> str:
    """Every text stored in a character field of a record (joined), but the system's own."""
    values = [file_vocabulary()]
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue
            if f"{model._meta.label_lower}.{field.name}" in SYSTEM_TEXT_FIELDS:
                continue
            values.extend(
                v
                for v in model._default_manager.values_list(field.name, flat=True).distinct()
                if v and HAN.search(v)
            )
    return "\x00".join(values)


def chinese_words(html: str, entered: str) -> list[tuple[str, str]]:
    """(Chinese run, the text it stands in) for each run an English reader should not meet."""
    parser = VisibleText()
    parser.feed(html)
    found = []
    for text in parser.parts:
        glossed = " ".join(GLOSS.findall(text))
        for match in IDEOGRAPHS.finditer(DOCUMENT_NUMBER.sub(" ", text)):
            run = match.group()
            if run in ALWAYS_ALLOWED or run in entered or run in glossed:
                continue
            found.append((run, text[:120]))
        found.extend(("：", text[:120]) for _ in ENGLISH_LABEL_COLON.finditer(text))
    return found


def test_the_checker_lets_entered_data_and_glosses_pass():
    html = (
        "<p>Employer：甲公司</p><td>Reported lost (挂失)</td><td>第一季度</td>"
        "<td>王喆</td><option>简体中文</option><script>var x = '中文';</script>"
        "<td>Document number: 邯郸残监报〔2026〕1号</td>"
    )
    assert [w for w, _ in chinese_words(html, "甲公司\x00王喆")] == ["：", "第一季度"]


@pytest.mark.django_db
def test_every_page_reads_in_english_for_every_role(client):
    try:
        _crawl_in_english(client)
    finally:
        translation.deactivate()  # the requests activated English: later tests read Chinese


def _crawl_in_english(client):
    with translation.override("zh-hans"):  # the records as a Chinese office wrote them
        call_command("load_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    findings: dict[str, list[str]] = defaultdict(list)
    failures = []
    pages = 0
    for username, *_ in ACCOUNTS:
        user = User.objects.get(username=username)
        client.force_login(user)
        client.cookies["django_language"] = "en"
        entered = entered_text()  # what the pages before printed and kept counts as entered
        for url, response in crawl(client, include_admin=False):
            pages += 1
            if response.status_code >= 500:
                failures.append(f"{username} {url} → {response.status_code}")
                continue
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            for word, context in chinese_words(response.content.decode(), entered):
                findings[word].append(f"{username} {url}: {context}")
        client.logout()
    assert pages > 200, pages
    report = [f"{w} ({len(where)}×), e.g. {where[0]}" for w, where in sorted(findings.items())]
    message = "\n".join(failures + report)
    if REPORT_FILE:
        with open(REPORT_FILE, "w") as out:
            out.write(message)
    assert not failures and not report, message
