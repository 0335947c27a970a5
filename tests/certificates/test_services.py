import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cdpf import roles
from cdpf.models import AuditEntry
from certificates import services
from certificates.models import Certificate
from tests.factories import TODAY, id_number, make_user

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_new_issue_flow_from_application_to_handover(flow):
    app = flow("closed")
    certificate = app.certificate
    assert app.state == "closed"
    assert certificate.number == "13040819850315001842"
    assert certificate.status == "valid" and certificate.print_status == "handed_over"
    assert certificate.expiry_date == D(2036, 11, 2)  # validity parameter: 10 years
    assert [e.to_state for e in app.events.all()] == [
        "received",
        "assessed",
        "in_notice",
        "review",
        "approved",
        "printed",
        "closed",
    ]
    assert [e.kind for e in certificate.events.all()] == ["issued", "printed", "handed_over"]
    assert AuditEntry.objects.filter(
        object_type="certificates.certificate", action="create"
    ).exists()


def test_the_notice_runs_five_working_days_and_the_review_ten(flow):
    app = flow("in_notice")
    assert app.notice_ends_on == D(2026, 11, 9)  # Mon 2 Nov + 5 working days
    services.notice_end(actor=app.received_by, application=app, on=D(2026, 11, 10))
    app.refresh_from_db()
    assert app.review_due_on == D(2026, 11, 23)  # 10 working days from the notice's end


def test_the_notice_cannot_close_before_its_end(flow, office_user):
    app = flow("in_notice")
    with pytest.raises(ValidationError) as raised:
        services.notice_end(actor=office_user, application=app, on=app.notice_ends_on)
    assert raised.value.code == "notice_running"


def test_the_notice_deadline_skips_the_national_day_holiday(person_factory, office_user, doctor):
    person = person_factory()
    app = services.application_new(
        actor=office_user, person=person, materials=[], requested_category=4, on=D(2026, 9, 30)
    )
    services.assessment_record(
        actor=office_user,
        application=app,
        mode="hospital",
        doctor=doctor,
        parts=[(4, 3)],
        assessed_on=D(2026, 9, 30),
    )
    services.notice_publish(
        actor=office_user,
        region=app.region,
        community="城关镇东街村",
        applications=[app],
        starts_on=D(2026, 9, 30),
    )
    app.refresh_from_db()
    # 8, 9, 10 (Saturday 调休), 12, 13 October
    assert app.notice_ends_on == D(2026, 10, 13)


def test_a_second_valid_certificate_is_refused(flow, office_user):
    app = flow("approved")
    with pytest.raises(ValidationError) as raised:
        services.application_new(
            actor=office_user, person=app.person, materials=[], requested_category=4, on=TODAY
        )
    assert raised.value.code == "has_valid"


def test_re_application_within_a_year_of_cancellation_is_refused(flow, office_user):
    app = flow("closed")
    services.certificate_cancel(
        actor=office_user, certificate=app.certificate, grounds="below_standard", on=D(2026, 11, 3)
    )
    with pytest.raises(ValidationError) as raised:
        services.application_new(
            actor=office_user,
            person=app.person,
            materials=[],
            requested_category=4,
            on=D(2027, 11, 2),
        )
    assert raised.value.code == "too_soon"
    again = services.application_new(
        actor=office_user, person=app.person, materials=[], requested_category=4, on=D(2027, 11, 3)
    )
    assert again.state == "received"


def test_a_minor_or_intellectual_applicant_needs_a_guardian(person_factory, office_user):
    child = person_factory(number=id_number("20150808", "003"), name="李堃")
    with pytest.raises(ValidationError) as raised:
        services.application_new(
            actor=office_user, person=child, materials=[], requested_category=4, on=TODAY
        )
    assert raised.value.code == "guardian_required"
    adult = person_factory()
    with pytest.raises(ValidationError) as raised:
        services.application_new(
            actor=office_user, person=adult, materials=[], requested_category=5, on=TODAY
        )
    assert raised.value.code == "guardian_required"
    guarded = person_factory(
        number=id_number("20150808", "005"),
        name="李小",
        guardian_name="李大",
        guardian_id_number=id_number("19800101", "011"),
        guardian_relation="父亲",
    )
    assert (
        services.application_new(
            actor=office_user, person=guarded, materials=[], requested_category=4, on=TODAY
        ).state
        == "received"
    )


def test_a_direct_assessment_needs_three_signers_with_the_chairman(flow, office_user, chairman):
    app = flow("received")
    other = make_user("yn_office2", "130408", roles.OFFICE)
    for signers in (
        [office_user, other],
        [office_user, other, office_user],
        [office_user, other, make_user("yn_office3", "130408", roles.OFFICE)],
    ):
        with pytest.raises(ValidationError) as raised:
            services.assessment_record(
                actor=office_user,
                application=app,
                mode="direct",
                parts=[(4, 1)],
                assessed_on=TODAY,
                signers=signers,
            )
        assert raised.value.code == "signers"
    assessment = services.assessment_record(
        actor=office_user,
        application=app,
        mode="direct",
        parts=[(4, 1)],
        assessed_on=TODAY,
        signers=[office_user, other, chairman],
    )
    assert assessment.signers.count() == 3 and assessment.grade == 1


def test_a_step_by_the_wrong_role_is_refused(flow, office_user, cert_room):
    app = flow("review")
    with pytest.raises(PermissionDenied, match="只有理事长可以办理此步骤。"):
        services.application_approve(actor=office_user, application=app, on=TODAY)
    with pytest.raises(PermissionDenied, match="您的角色不能办理此步骤。"):
        services.application_new(
            actor=cert_room, person=app.person, materials=[], requested_category=4, on=TODAY
        )


def test_a_step_out_of_order_is_refused(flow, cert_room):
    app = flow("review")
    with pytest.raises(ValidationError) as raised:
        services.certificate_print(actor=cert_room, application=app)
    assert raised.value.code == "state"  # the flow engine's one code (decision 0210)


def test_minors_never_appear_on_a_notice(flow, person_factory, office_user, doctor):
    child = person_factory(
        number=id_number("20150808", "003"),
        name="李堃",
        guardian_name="李大",
        guardian_id_number=id_number("19800101", "011"),
    )
    app = services.application_new(
        actor=office_user, person=child, materials=[], requested_category=4, on=TODAY
    )
    services.assessment_record(
        actor=office_user,
        application=app,
        mode="hospital",
        doctor=doctor,
        parts=[(4, 2)],
        assessed_on=TODAY,
    )
    with pytest.raises(ValidationError) as raised:
        services.notice_publish(
            actor=office_user,
            region=app.region,
            community="城关镇东街村",
            applications=[app],
            starts_on=TODAY,
        )
    assert raised.value.code == "minor"
    services.application_skip_notice(actor=office_user, application=app, on=TODAY)
    app.refresh_from_db()
    assert app.state == "review" and app.review_due_on == D(2026, 11, 16)


def test_loss_replacement_voids_the_old_number_and_issues_b1(flow, office_user, cert_room):
    old = flow("closed").certificate
    loss = services.loss_application_new(actor=office_user, certificate=old, on=TODAY)
    new = services.application_approve(actor=office_user, application=loss, on=TODAY)
    old.refresh_from_db()
    assert old.status == "lost" and new.number == old.number + "B1"
    assert new.expiry_date == old.expiry_date and new.status == "valid"
    loss.refresh_from_db()
    services.certificate_print(actor=cert_room, application=loss)
    services.certificate_hand_over(
        actor=cert_room,
        application=loss,
        receiver_id_number=loss.person.id_number,
        received_by="王喆",
        id_checked=True,
        on=TODAY,
    )
    second = services.loss_application_new(actor=office_user, certificate=new, on=TODAY)
    assert services.application_approve(
        actor=office_user, application=second, on=TODAY
    ).number.endswith("42B2")


def test_a_cancelled_certificate_cannot_be_replaced(flow, office_user):
    certificate = flow("closed").certificate
    services.certificate_cancel(
        actor=office_user, certificate=certificate, grounds="death", on=TODAY
    )
    with pytest.raises(ValidationError) as raised:
        services.loss_application_new(actor=office_user, certificate=certificate, on=TODAY)
    assert raised.value.code == "not_valid"
    assert Certificate.objects.get(pk=certificate.pk).status == "cancelled"


def test_the_handover_requires_the_id_check(flow, cert_room):
    app = flow("printed")
    with pytest.raises(ValidationError) as raised:
        services.certificate_hand_over(
            actor=cert_room,
            application=app,
            receiver_id_number=app.person.id_number,
            received_by="王喆",
            id_checked=False,
            on=TODAY,
        )
    assert raised.value.code == "id_check"


def test_a_return_needs_a_reason(flow, chairman):
    app = flow("review")
    with pytest.raises(ValidationError) as raised:
        services.application_return(actor=chairman, application=app, reason=" ", on=TODAY)
    assert raised.value.code == "reason"
    services.application_return(actor=chairman, application=app, reason="信息虚假", on=TODAY)
    app.refresh_from_db()
    assert app.state == "returned" and app.reason == "信息虚假"


def test_one_person_per_id_number(person_factory):
    person_factory()
    with pytest.raises(ValidationError, match="该身份证号的人员已登记。"):
        person_factory(name="另一个人")


def test_a_notice_cannot_be_dated_back_or_posted_in_another_village(flow, office_user):
    app = flow("assessed")
    with pytest.raises(ValidationError) as raised:
        services.notice_publish(
            actor=office_user,
            region=app.region,
            community="城关镇东街村",
            applications=[app],
            starts_on=D(2026, 11, 1),
            today=D(2026, 11, 2),
        )
    assert raised.value.code == "backdated"
    with pytest.raises(ValidationError) as raised:
        services.notice_publish(
            actor=office_user,
            region=app.region,
            community="西街村",
            applications=[app],
            starts_on=TODAY,
        )
    assert raised.value.code == "community"
    app.refresh_from_db()
    assert app.state == "assessed"
