"""Every page reads in Chinese: with the demo records loaded, each demo account walks every page
it can reach in zh-hans (tests/screen_crawl.py) and no ASCII word may show except numbers,
units, file formats and identifiers (ID numbers, credit codes, certificate numbers)."""

import os
import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from cdpf.management.commands.load_demo import ACCOUNTS
from cdpf.models import PolicyParameter, User
from tests.screen_crawl import crawl

REPORT_FILE = os.environ.get("SCREENS_REPORT")  # write the findings here as well

# Words a Chinese reader meets in Chinese software as they are.
ALLOWED_WORDS = {
    "PDF", "xlsx", "CSV", "UTF-8", "GB18030", "JPEG", "PNG", "JPG", "MB", "KB",
    "m", "m²", "cm", "km", "English", "GB/T", "GB", "GBK", "A4", "IP", "csv",
    "X", "x",  # the check character of an ID number (18 位；末位 x 可小写)
    "LDAP",  # the directory protocol, an acronym Chinese software keeps
}  # fmt: skip
ALLOWED_PATTERNS = [
    re.compile(p)
    for p in (
        r"[\d*]{6,17}[\dX*]",  # an ID number, masked or whole
        r"[\d*]{17}[\dX*]\d{2}",  # a 残疾人证 number (ID number, category, grade)
        r"[0-9A-Z]{18}",  # a unified social credit code (checked elsewhere, shown as typed)
        r"[\d*]{6}\*+[\dX]{0,4}",  # a masked number
        r"\d+(\.\d+)?(m²|m|cm|km|MB|KB|px)",  # a figure with its unit
        r"\d{4}-\d{2}-\d{2}T?",  # a date
        r"[0-9a-f]{8,}",  # a verification or file digest
        r"[A-Z]{1,5}-\d{4}-\d{6}",  # a kept document's number (HZ-2026-000001)
        r"[A-Z]{2,4}\d{4,}",  # a certificate number typed as issued (JKZ150113)
    )
]
# Identifiers shown as they are: a site path (an audited refusal's address) and the name of an
# uploaded file in a document format.
SITE_PATH = re.compile(r"/[a-z0-9_\-]+(/[a-z0-9_\-]+)*(/|\.[a-z0-9]{2,4})?")
FILE_NAME = re.compile(r"[A-Za-z0-9_\-]+\.(pdf|PDF|xlsx|xls|csv|jpe?g|JPE?G|png|PNG)")
PLACEHOLDER = re.compile(r"\{[a-z_]+(:[0-9a-z]+)?\}")  # {year} in a number format being edited
TOKEN = re.compile(r"[A-Za-z0-9_.\-*/²]*[A-Za-z][A-Za-z0-9_.\-*/²]*")
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
HIDDEN_TAGS = {"script", "style", "template"}


class _VisibleText(HTMLParser):
    """The text a reader sees or hears: element text, and the labelling attributes."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self._hidden += 1
        values = dict(attrs)
        for name in SHOWN_ATTRIBUTES:
            if values.get(name):
                self.parts.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def foreign_words(html: str, *, also_allowed=frozenset()) -> list[tuple[str, str]]:
    """(word, the text it stands in) for each ASCII word a Chinese reader should not meet."""
    parser = _VisibleText()
    parser.feed(html)
    found = []
    for text in parser.parts:
        for match in TOKEN.finditer(PLACEHOLDER.sub(" ", text)):
            if SITE_PATH.fullmatch(match.group()) or FILE_NAME.fullmatch(match.group()):
                continue
            word = match.group().strip(".-/*")
            if not word or not re.search(r"[A-Za-z]", word):
                continue
            if word in ALLOWED_WORDS or word in also_allowed:
                continue
            if any(p.fullmatch(word) for p in ALLOWED_PATTERNS):
                continue
            found.append((word, text[:120]))
    return found


def test_the_checker_finds_codes_and_english_and_lets_identifiers_pass():
    html = (
        "<p>2026 Q4</p><td>True → False</td><p title='Switch'>登录失败 login_failed</p>"
        "<p>130408199001011234 91130408MA0DEMOX1Y 导出 xlsx 面积 12.5m² 第 3 页 PDF</p>"
        "<script>var x = 'ignored';</script>"
    )
    assert [w for w, _ in foreign_words(html)] == ["Q4", "True", "False", "Switch", "login_failed"]


def test_site_paths_and_uploaded_file_names_pass_as_identifiers():
    html = (
        "<td>/certificates/apply/ /levy-relief/publication.pdf /admin/cdpf/region/8/change/</td>"
        "<a>application.pdf</a> <a>loss_proof.pdf</a>"
        "<p>certificates/apply status.txt /Admin/ application.pdf.exe</p>"
    )
    assert [w for w, _ in foreign_words(html)] == [
        "certificates/apply", "status.txt", "Admin", "application.pdf.exe"
    ]  # fmt: skip


@pytest.mark.django_db
def test_every_page_reads_in_chinese_for_every_role(client):
    call_command("load_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    usernames = frozenset(a[0] for a in ACCOUNTS)
    parameter_names = frozenset(PolicyParameter.objects.values_list("name", flat=True))
    findings: dict[str, list[str]] = defaultdict(list)
    failures = []
    pages = 0
    for username, *_ in ACCOUNTS:
        user = User.objects.get(username=username)
        client.force_login(user)
        client.cookies["django_language"] = "zh-hans"
        for url, response in crawl(client, include_admin=user.is_staff):
            # the administrator edits policy parameters by their keys (quota.required_ratio)
            allowed = usernames | parameter_names if url.startswith("/admin/") else usernames
            pages += 1
            if response.status_code >= 500:
                failures.append(f"{username} {url} → {response.status_code}")
                continue
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            for word, context in foreign_words(response.content.decode(), also_allowed=allowed):
                findings[word].append(f"{username} {url}: {context}")
        client.logout()
    assert pages > 200, pages
    report = [f"{w} ({len(where)}×), e.g. {where[0]}" for w, where in sorted(findings.items())]
    message = "\n".join(failures + report)
    if REPORT_FILE:
        with open(REPORT_FILE, "w") as out:
            out.write(message)
    assert not failures and not report, message
