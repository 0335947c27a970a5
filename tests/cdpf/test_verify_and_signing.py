"""/verify/<code> and the signature of stored documents (issue 17, parts 3 and 4)."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from cdpf.document_checks import signing_key_present
from cdpf.documents import documents_revoke, normalise_code, official_number, short_region_name
from cdpf.models import AuditEntry, GeneratedDocument
from cdpf.pdf import render_and_store, render_pdf
from cdpf.signing import validate

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def print_list(user, title="核销名单 2026年第1季度"):
    """A real stored document (the renewal list template, nobody on it)."""
    return render_and_store(
        "pdf/certificates/renewals.html",
        {"rows": [], "region": user.region, "until": DAY, "today": DAY},
        actor=user, kind="supervision_quarterly_list", title=title, region=user.region,
        prefix="HXMD",
    )  # fmt: skip


def test_a_signed_document_validates_and_a_changed_byte_is_detected(office_user):
    document = print_list(office_user)
    content = bytes(document.content)
    status = validate(content)
    assert status == {
        "signed": True, "intact": True, "valid": True, "trusted": True, "whole_file": True,
        "signer": status["signer"],
    }  # fmt: skip
    assert "邯郸市永年区残疾人联合会" in status["signer"]
    # one byte inside the first content stream (within the signed byte range) changed
    at = content.index(b"stream\n") + 60
    changed = content[:at] + bytes([content[at] ^ 0x01]) + content[at + 1 :]
    assert changed != content and len(changed) == len(content)
    broken = validate(changed)
    assert not (broken["intact"] and broken["valid"])


def test_an_unsigned_file_is_not_taken_for_a_signed_one(office_user):
    content = render_pdf(
        "pdf/certificates/renewals.html",
        {"rows": [], "region": office_user.region, "until": DAY, "today": DAY},
    )
    assert validate(content)["signed"] is False


def test_verify_answers_kind_number_date_and_issuer_only(client_for, office_user, settings):
    settings.DOCUMENT_VERIFY_PUBLIC = True
    document = print_list(office_user)
    response = client_for(office_user).get(reverse("verify", args=[document.verify_code]))
    page = response.content.decode()
    assert response.status_code == 200
    for shown in ("残疾人证动态管理核销名单", document.number, "邯郸市永年区残疾人联合会"):
        assert shown in page
    assert "核销名单 2026年第1季度" not in page  # the title (which may hold a name) is not shown
    entry = AuditEntry.objects.filter(action="view", object_type="cdpf.generateddocument").last()
    assert entry.success and entry.detail["found"] and entry.detail["public"]


def test_anonymous_questions_need_the_deployment_setting(client, office_user, settings):
    document = print_list(office_user)
    url = reverse("verify", args=[document.verify_code])
    settings.DOCUMENT_VERIFY_PUBLIC = False
    refused = client.get(url)
    assert refused.status_code == 302 and "/login/" in refused["Location"]
    assert AuditEntry.objects.filter(detail__refused="sign-in required").exists()
    settings.DOCUMENT_VERIFY_PUBLIC = True
    answered = client.get(url)
    assert answered.status_code == 200 and document.number in answered.content.decode()
    typed = client.get(reverse("verify_form"), {"code": document.verify_code.lower()})
    assert typed.status_code == 302 and typed["Location"] == url


def test_an_unknown_code_is_404_and_audited(client, settings):
    settings.DOCUMENT_VERIFY_PUBLIC = True
    response = client.get(reverse("verify", args=["ZZZZZZZZZZ"]))
    assert response.status_code == 404 and "没有" in response.content.decode()
    assert AuditEntry.objects.filter(success=False, detail__verify="ZZZZZZZZZZ").exists()


def test_verify_is_rate_limited(client, office_user, settings):
    settings.DOCUMENT_VERIFY_PUBLIC = True
    settings.DOCUMENT_VERIFY_RATE = 3
    url = reverse("verify", args=["ZZZZZZZZZZ"])
    assert [client.get(url).status_code for _ in range(4)] == [404, 404, 404, 429]
    assert AuditEntry.objects.filter(detail__refused="rate limit").count() == 1


def test_a_later_copy_supersedes_and_a_revocation_shows(client_for, office_user, settings):
    first = print_list(office_user)
    second = print_list(office_user)
    client = client_for(office_user)
    assert "之后又打印" in client.get(reverse("verify", args=[first.verify_code])).content.decode()
    page = client.get(reverse("verify", args=[second.verify_code])).content.decode()
    assert "有效" in page and "之后又打印" not in page
    cert = render_and_store(
        "pdf/certificates/renewals.html",
        {"rows": [], "region": office_user.region, "until": DAY, "today": DAY},
        actor=office_user, kind="massage_certificate", title="证书", region=office_user.region,
        obj=office_user.region, prefix="MA",
    )  # fmt: skip
    documents_revoke(obj=office_user.region, kinds=["massage_certificate"], on=DAY, reason="撤销")
    page = client.get(reverse("verify", args=[cert.verify_code])).content.decode()
    assert "被撤销，不再有效" in page and "2026-03-02" in page


def test_codes_and_numbers_read_from_paper():
    assert normalise_code(" abcd-efgh o1 ") == "ABCDEFGH01"
    assert GeneratedDocument._meta.get_field("verify_code").unique


def test_other_districts_get_their_own_number_format(congtai):
    number = official_number(kind="supervision_order", region=congtai, on=DAY, title="x")
    assert short_region_name(congtai) == "丛台" and number == "丛台残监改〔2026〕1号"


def test_a_deployment_without_its_signing_key_fails_the_system_check(settings, tmp_path):
    settings.DOCUMENT_SIGNING_AUTOGENERATE = False
    settings.DOCUMENT_SIGNING_KEY_FILE = tmp_path / "key.pem"
    settings.DOCUMENT_SIGNING_CERT_FILE = tmp_path / "cert.pem"
    assert [e.id for e in signing_key_present()] == ["cdpf.E130"]
    call_command("make_signing_certificate")
    assert signing_key_present() == []
    assert b"BEGIN CERTIFICATE" in (tmp_path / "cert.pem").read_bytes()
