"""Every page reads in Chinese: with the demo records loaded, each demo account walks every page
it can reach in zh-hans (tests/screen_crawl.py) and no ASCII word may show except numbers,
units, file formats and identifiers (ID numbers, credit codes, certificate numbers)."""

import os
from collections import defaultdict

import pytest
from django.core.management import call_command

from cdpf.management.commands.load_demo import ACCOUNTS
from cdpf.models import PolicyParameter, User
from tests.screen_crawl import crawl, foreign_words

REPORT_FILE = os.environ.get("SCREENS_REPORT")  # write the findings here as well

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
