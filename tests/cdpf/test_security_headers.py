"""Issue 15 item 11: a Content-Security-Policy without inline script, a Permissions-Policy, and
no-store on every signed-in page and download."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from cdpf.models import GeneratedDocument

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_a_signed_in_page_carries_the_headers(client_for, office_user):
    response = client_for(office_user).get(reverse("home"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_the_sign_in_page_has_the_policy_too(client):
    response = client.get(reverse("login"))
    assert "Content-Security-Policy" in response and "no-store" in response["Cache-Control"]


def test_a_pdf_download_is_not_cached(client_for, office_user, yongnian):
    GeneratedDocument.objects.create(
        number="T-1",
        kind="duty_register",
        title="测试",
        region=yongnian,
        created_by=office_user,
        content=b"%PDF-1.4 test",
        size=13,
    )
    response = client_for(office_user).get(reverse("document_download", args=["T-1"]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def html_templates():
    for base in [ROOT / "templates", *ROOT.glob("*/templates")]:
        for path in base.rglob("*.html"):
            if "/pdf/" not in str(path) and ".venv" not in str(path):
                yield path


def test_no_template_has_inline_script_style_or_handlers():
    offenders = []
    for path in html_templates():
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0):
                offenders.append(f"{path}: inline <script>")
        if re.search(r"\sstyle=\"", text) or re.search(r"<style\b", text):
            offenders.append(f"{path}: inline style")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path}: inline event handler")
    assert not offenders, "\n".join(offenders)
