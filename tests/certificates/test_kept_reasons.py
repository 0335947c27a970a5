"""Issue 19 item 18, the last notes: the reasons and notes the system composes (a cancellation's
reason, a correction, the police event, a supervision finding) are kept as messages and read in
the reader's language; and a file closes on the cancellation's grounds, a field, never on the
words of its reason."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cdpf.messages import Line, render_text
from certificates import services
from certificates.models import Application, ApplicationEvent, Certificate, Person
from tests.factories import TODAY

pytestmark = pytest.mark.django_db


def _read(text: str, language: str) -> str:
    with translation.override(language):
        return render_text(text)


def test_a_cancellation_keeps_its_grounds_and_reads_in_both_languages(flow, office_user):
    certificate = flow("closed").certificate
    app = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="cancel", on=TODAY, grounds="death",
        reason="家属持死亡证明办理",
    )  # fmt: skip
    assert app.cancel_grounds == "death"
    assert _read(app.reason, "zh-hans") == "死亡：家属持死亡证明办理"
    assert _read(app.reason, "en") == "Death: 家属持死亡证明办理"
    services.application_approve(actor=office_user, application=app, on=TODAY)
    person = Person.objects.get(pk=certificate.person_id)
    assert person.closed_on == TODAY
    assert _read(person.closed_reason, "en") == "Death: 家属持死亡证明办理"
    certificate.refresh_from_db()
    assert _read(certificate.status_reason, "zh-hans") == "死亡：家属持死亡证明办理"


def test_typed_words_do_not_close_a_file(flow, office_user):
    """The old rule matched the reason's first words (死亡, 户籍注销…): an "other" cancellation
    whose detail begins with 死亡 closed the holder's file for good. Now only the grounds do."""
    certificate = flow("closed").certificate
    app = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="cancel", on=TODAY, grounds="other",
        reason="死亡证明有误，本人申请注销",
    )  # fmt: skip
    services.application_approve(actor=office_user, application=app, on=TODAY)
    person = Person.objects.get(pk=certificate.person_id)
    assert person.closed_on is None and person.closed_reason == ""
    assert Certificate.objects.get(pk=certificate.pk).status == "cancelled"


def test_grounds_outside_the_list_are_refused_and_nothing_is_saved(flow, office_user):
    certificate = flow("closed").certificate
    for grounds in ("", "死亡", "teleport"):
        with pytest.raises(ValidationError) as raised:
            services.certificate_application_new(
                actor=office_user, certificate=certificate, kind="cancel", on=TODAY,
                grounds=grounds, reason="x",
            )  # fmt: skip
        assert raised.value.code == "grounds"
    assert not Application.objects.filter(kind="cancel").exists()


def test_the_page_and_the_notice_read_the_reason(client_for, flow, office_user):
    certificate = flow("closed").certificate
    client = client_for(office_user)
    response = client.post(
        reverse("certificates:apply", args=[certificate.pk]),
        {"kind": "cancel", "cancel_reason": "abroad", "detail": "定居加拿大"},
    )
    app = Application.objects.get(kind="cancel")
    assert response.status_code == 302 and app.cancel_grounds == "abroad"
    page = client.get(reverse("certificates:application", args=[app.pk])).content.decode()
    assert "户籍迁往境外：定居加拿大" in page and '"m"' not in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("certificates:application", args=[app.pk])).content.decode()
    assert "Household moved abroad: 定居加拿大" in page


def test_the_form_refuses_an_unknown_reason(client_for, flow, office_user):
    certificate = flow("closed").certificate
    response = client_for(office_user).post(
        reverse("certificates:apply", args=[certificate.pk]),
        {"kind": "cancel", "cancel_reason": "死亡"},  # the old stored words are no choice
        follow=True,
    )
    assert 'role="alert"' in response.content.decode()
    assert not Application.objects.filter(kind="cancel").exists()


def test_a_correction_note_reads_in_both_languages(person_factory, office_user):
    person = person_factory()
    app = services.application_new(actor=office_user, person=person, materials=[],
                                   requested_category=4, on=TODAY)  # fmt: skip
    services.application_correct(
        actor=office_user, application=app, on=TODAY, reason="录入错误",
        name="王改名", phone="13800000000",
    )  # fmt: skip
    note = ApplicationEvent.objects.get(application=app, from_state="received",
                                        to_state="received").note  # fmt: skip
    assert _read(note, "zh-hans") == "更正：姓名、联系电话。原因：录入错误"
    assert _read(note, "en") == "Corrected: applicant's name, phone. Reason: 录入错误"


def test_the_old_reasons_give_their_grounds_in_the_migration(flow):


    migration = importlib.import_module(
        "certificates.migrations.0015_cancel_grounds_and_kept_reasons"
    )
    assert set(dict(migration.PREFIXES).values()) <= set(Application.CancelGrounds.values)
    app = flow("closed")
    old_reasons = (
        ("户籍迁出境外", "abroad"),
        ("死亡：医院证明", "death"),
        ("户籍注销（公安数据，2026-03-01）", "deregistered"),
        ("其他：x", "other"),
    )
    for old, grounds in old_reasons:
        Application.objects.filter(pk=app.pk).update(kind="cancel", reason=old, cancel_grounds="")
        migration.grounds_from_reasons(apps, None)
        assert Application.objects.get(pk=app.pk).cancel_grounds == grounds, old


def test_a_supervision_cancellation_reads_in_both_languages(flow, office_user):
    certificate = flow("closed").certificate

    reason = Line("Supervision finding: %(text)s", text="冒用他人材料")
    services.certificate_cancel(
        actor=office_user, certificate=certificate, grounds="supervision", reason=reason,
        on=TODAY + datetime.timedelta(days=1),
    )  # fmt: skip
    certificate.refresh_from_db()
    assert _read(certificate.status_reason, "en") == "Supervision finding: 冒用他人材料"
    assert Person.objects.get(pk=certificate.person_id).closed_on is None
