"""A way out of every state (issue 12, part 3) and the loss and signature fixes (issue 19,
items 6 and 9)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cdpf import roles
from cdpf.messages import render_text
from cdpf.models import AuditEntry
from certificates import flows, services
from certificates.attachments import attachment_store
from certificates.models import Application, ApplicationEvent, Certificate
from tests.factories import PASSWORD, TODAY, id_number, make_user

pytestmark = pytest.mark.django_db
CHILD_ID = id_number("20130601", "031")  # 13 on TODAY


@pytest.fixture
def outsider_office(db):

    return make_user("ct_office", "130403", roles.OFFICE)
GUARDIAN_ID = id_number("19850101", "041")


def test_every_undecided_state_has_a_return_and_a_withdrawal():
    for kind, flow in flows.FLOWS.items():
        for state in {src for s in flow.steps for src in s.sources} & set(flows.UNDECIDED):
            names = {s.name for s in flow.steps if s.starts_from(state)}
            assert {"return", "withdraw"} <= names, (kind, state)


def test_the_stuck_application_is_corrected_then_assessed(
    person_factory, office_user, doctor
):
    """The reported defect: received as 肢体 without a guardian, assessed as 智力 → stuck."""
    person = person_factory()
    app = services.application_new(actor=office_user, person=person, materials=[],
                                   requested_category=4, on=TODAY)  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        services.assessment_record(actor=office_user, application=app, mode="hospital",
                                   doctor=doctor, parts=[(5, 2)], assessed_on=TODAY)  # fmt: skip
    assert raised.value.code == "guardian_required"
    changed = services.application_correct(
        actor=office_user, application=app, on=TODAY, reason="智力残疾需监护人",
        guardian_name="王父", guardian_id_number=GUARDIAN_ID, guardian_relation="父亲",
        requested_category=5,
    )  # fmt: skip
    assert set(changed) >= {"guardian_name", "guardian_id_number", "requested_category"}
    services.assessment_record(actor=office_user, application=app, mode="hospital",
                               doctor=doctor, parts=[(5, 2)], assessed_on=TODAY)  # fmt: skip
    app.refresh_from_db()
    assert app.state == "assessed" and app.requested_category == 5
    assert app.applicant["guardian_name"] == "王父"
    note = ApplicationEvent.objects.filter(application=app, from_state="received",
                                           to_state="received").get().note  # fmt: skip
    with translation.override("zh-hans"):
        assert "监护人" in render_text(note) and "智力残疾需监护人" in render_text(note)


def test_a_correction_is_refused_after_the_assessment(flow, office_user):
    app = flow("assessed")
    with pytest.raises(ValidationError) as raised:
        services.application_correct(actor=office_user, application=app, on=TODAY,
                                     reason="x", address="新地址")  # fmt: skip
    assert raised.value.code == "not_correctable"


def test_a_guardian_must_be_an_adult_and_not_the_applicant(person_factory, office_user):
    """The reported defect: a guardian born in 2015, and a 12-year-old his own guardian."""
    child = person_factory(number=CHILD_ID, name="王小")
    with pytest.raises(ValidationError) as raised:
        services.application_new(actor=office_user, person=child, materials=[],
                                 requested_category=4, on=TODAY)  # fmt: skip
    assert raised.value.code == "guardian_required"
    for guardian in (id_number("20150101", "051"), CHILD_ID):
        with pytest.raises(ValidationError) as raised:
            services.person_for_application(
                actor=office_user, region=office_user.region, id_number=CHILD_ID,
                today=TODAY, guardian_name="某", guardian_id_number=guardian,
            ) and services.application_new(actor=office_user, person=child, materials=[],
                                           requested_category=4, on=TODAY)  # fmt: skip
        assert "guardian_id_number" in raised.value.message_dict
    assert not Application.objects.exists()


@pytest.mark.parametrize("state", ["received", "assessed", "in_notice", "review"])
def test_an_open_application_is_withdrawn_with_a_reason(flow, office_user, state):
    app = flow(state)
    with pytest.raises(ValidationError) as raised:
        services.application_withdraw(actor=office_user, application=app, reason=" ", on=TODAY)
    assert raised.value.code == "reason"
    services.application_withdraw(actor=office_user, application=app, reason="本人撤回",
                                  on=TODAY)  # fmt: skip
    app.refresh_from_db()
    assert app.state == "withdrawn" and app.reason == "本人撤回"
    again = services.application_new(actor=office_user, person=app.person, materials=[],
                                     requested_category=4, on=TODAY)  # fmt: skip
    assert again.state == "received"


def test_the_office_returns_during_the_notice(flow, office_user):
    app = flow("in_notice")
    services.application_return(actor=office_user, application=app, reason="公示期间收到异议",
                                on=TODAY)  # fmt: skip
    app.refresh_from_db()
    assert app.state == "returned"


def test_the_correct_page_saves_and_audits(client_for, flow, office_user):
    app = flow("received")
    client = client_for(office_user)
    url = reverse("certificates:correct", args=[app.pk])
    data = {"name": "王喆", "community": "城关镇东街村", "address": "东街2号",
            "requested_category": 4, "reason": "地址写错"}  # fmt: skip
    response = client.post(url, {**data, "guardian_name": "某", "guardian_id_number":
                                 id_number("20150101", "051")})  # fmt: skip
    assert response.status_code == 400 and "guardian_id_number" in response.context["form"].errors
    response = client.post(url, data)
    assert response.status_code == 302
    app.person.refresh_from_db()
    assert app.person.address == "东街2号"
    assert AuditEntry.objects.filter(object_type="certificates.person").exists()


def test_the_correct_page_refuses_other_roles_and_districts(
    client_for, flow, cert_room, outsider_admin
):
    app = flow("received")
    url = reverse("certificates:correct", args=[app.pk])
    assert client_for(cert_room).get(url).status_code == 403


def test_search_finds_applicants_by_name_and_id(client_for, flow, office_user):
    app = flow("received")
    client = client_for(office_user)
    for q in ("王喆", app.person.id_number):
        page = client.get(reverse("certificates:index"), {"q": q}).content.decode()
        assert "申请中" in page and reverse("certificates:application", args=[app.pk]) in page


def test_a_reported_loss_suspends_the_card_at_receipt(flow, office_user):
    """Issue 19 item 6: the lost card stayed 有效 until approval and after a return."""
    certificate = flow("closed").certificate
    app = services.loss_application_new(actor=office_user, certificate=certificate, on=TODAY)
    certificate.refresh_from_db()
    assert certificate.status == "lost"
    services.application_return(actor=office_user, application=app, reason="声明不全",
                                on=TODAY)  # fmt: skip
    certificate.refresh_from_db()
    assert certificate.status == "lost"
    again = services.loss_application_new(actor=office_user, certificate=certificate, on=TODAY)
    new = services.application_approve(actor=office_user, application=again, on=TODAY)
    assert new.number.endswith("B1") and new.status == "valid"
    assert Certificate.objects.filter(status="valid").count() == 1


def test_signing_stops_once_the_application_is_returned(
    person_factory, office_user, chairman, supervisor, client_for
):
    """Issue 19 item 9."""

    person = person_factory()
    app = services.application_new(actor=office_user, person=person, materials=[],
                                   requested_category=4, on=TODAY)  # fmt: skip
    assessment = services.assessment_record(
        actor=office_user, application=app, mode="direct", parts=[(4, 2)], assessed_on=TODAY,
        signers=[office_user, chairman, supervisor],
    )  # fmt: skip
    services.application_return(actor=office_user, application=app, reason="撤回", on=TODAY)
    with pytest.raises(ValidationError) as raised:
        services.assessment_sign(actor=chairman, assessment=assessment, password=PASSWORD)
    assert raised.value.code == "application_closed"
    home = client_for(chairman).get("/").content.decode()
    assert reverse("certificates:assessment_sign", args=[app.pk]) not in home


def test_the_withdraw_button_withdraws_with_its_reason(client_for, flow, office_user):
    app = flow("assessed")
    url = reverse("certificates:step", args=[app.pk, "withdraw"])
    response = client_for(office_user).post(url, {"withdraw-reason": ""})
    assert response.status_code == 400
    client_for(office_user).post(url, {"withdraw-reason": "本人撤回"})
    app.refresh_from_db()
    assert app.state == "withdrawn" and app.reason == "本人撤回"


def test_the_correct_page_of_another_district_is_a_404(client_for, flow, outsider_office):
    app = flow("received")
    url = reverse("certificates:correct", args=[app.pk])
    assert client_for(outsider_office).get(url).status_code == 404


def test_the_transfer_in_pages_are_the_offices(client_for, cert_room):
    for name in ("certificates:transfer_in", "certificates:transfer_in_outside"):
        assert client_for(cert_room).get(reverse(name)).status_code == 403


def test_a_handover_to_a_stranger_is_refused_with_the_reason(flow, cert_room, office_user):
    """Issue 19 item 5: a card was handed to "李四" with a name, a tick and a date."""
    app = flow("printed")
    stranger = id_number("19700707", "077")
    with pytest.raises(ValidationError) as raised:
        services.certificate_hand_over(actor=cert_room, application=app, received_by="李四",
                                       receiver_id_number=stranger, id_checked=True,
                                       on=TODAY)  # fmt: skip
    assert "授权" in raised.value.message_dict["receiver_id_number"][0] or "authorisation" in (
        raised.value.message_dict["receiver_id_number"][0]
    )


    letter = attachment_store(
        actor=office_user, person=app.person, kind="authorisation",
        upload=SimpleUploadedFile("sq.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )  # fmt: skip
    handover = services.certificate_hand_over(
        actor=cert_room, application=app, received_by="李四", receiver_id_number=stranger,
        id_checked=True, on=TODAY, authorisation=letter,
    )  # fmt: skip
    assert handover.receiver == "agent" and handover.authorisation == letter
