"""通办 services: the division of steps, deadlines across the hand-over, delivery, ratings."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from certificates import services as cs
from certificates.models import Application
from tests.factories import TODAY, TONGBAN_PERSON_ID, scan_upload
from tongban import services
from tongban.models import Case, Rating

pytestmark = pytest.mark.django_db


def to_review(case, ct_office, ct_doctor):
    app = case.application
    cs.assessment_record(actor=ct_office, application=app, mode="hospital", doctor=ct_doctor,
                         parts=[(4, 2)], assessed_on=TODAY)  # fmt: skip
    services.publish_notice(actor=ct_office, case=case, on=TODAY)
    app.refresh_from_db()
    cs.notice_end(actor=ct_office, application=app, on=app.notice_ends_on + datetime.timedelta(1))
    app.refresh_from_db()
    return app


def test_a_new_issue_received_at_the_residence_keeps_the_file_at_home(received, yongnian, congtai):
    case = received()
    app = case.application
    assert app.region == yongnian and app.person.region == yongnian
    assert case.residence_region == congtai and case.cross_district
    assert case.number.startswith("TB20261102") and len(case.number) == 18
    assert case.permit_scan is not None and case.permit_scan.application == app


def test_the_residence_permit_is_required_when_residence_and_file_differ(received):
    with pytest.raises(ValidationError) as exc:
        received(permit_number="")
    assert "permit_number" in exc.value.error_dict
    with pytest.raises(ValidationError, match="居住证已于2026-01-0"):
        received(permit_valid_until=datetime.date(2026, 1, 1))
    assert not Application.objects.exists()


def test_steps_belong_to_their_federation(received, ct_office, office_user, ct_doctor, yn_chair,
                                          ct_chair):  # fmt: skip
    case = received()
    # the 户籍地's office may not assess: the residence designates the assessment
    with pytest.raises(ValidationError) as exc:
        cs.assessment_record(actor=office_user, application=case.application, mode="hospital",
                             doctor=ct_doctor, parts=[(4, 2)], assessed_on=TODAY)  # fmt: skip
    assert exc.value.code == "other_side"
    app = to_review(case, ct_office, ct_doctor)
    assert app.state == "review"
    # the review deadline runs from the notice's end, whoever holds the file
    assert app.review_due_on > app.notice_ends_on
    # the residence's chairman may not approve: review and approval are the 户籍地's
    with pytest.raises(ValidationError) as raised:
        cs.application_approve(actor=ct_chair, application=app, on=TODAY)
    assert raised.value.code == "other_side"
    cs.application_approve(actor=yn_chair, application=app, on=TODAY)
    app.refresh_from_db()
    assert app.state == "approved" and app.certificate.region.code == "130408"


def test_posting_closes_with_the_tracking_number(received, ct_office, ct_doctor, yn_chair, yn_cert,
                                                 ct_cert):  # fmt: skip
    case = received()
    app = to_review(case, ct_office, ct_doctor)
    cs.application_approve(actor=yn_chair, application=app, on=TODAY)
    cs.certificate_print(actor=yn_cert, application=app)
    app.refresh_from_db()
    # a card to be posted is not handed over at a counter
    with pytest.raises(ValidationError) as raised:
        cs.certificate_hand_over(actor=yn_cert, application=app, received_by="李娜",
                                 receiver_id_number=TONGBAN_PERSON_ID, id_checked=True,
                                 on=TODAY)  # fmt: skip
    assert raised.value.code == "posted"
    with pytest.raises(ValidationError) as raised:
        services.record_posting(actor=ct_cert, case=case, tracking_number="EMS123456789",
                                posted_on=TODAY, today=TODAY)  # fmt: skip
    assert raised.value.code == "other_side"
    services.record_posting(actor=yn_cert, case=case, tracking_number="EMS123456789",
                            posted_on=TODAY, today=TODAY)  # fmt: skip
    case.refresh_from_db()
    app.refresh_from_db()
    assert app.state == "closed" and case.tracking_number == "EMS123456789"
    assert app.certificate.print_status == "handed_over"


def test_collection_at_the_residence_waits_for_the_card(received, ct_office, ct_doctor, yn_chair,
                                                        yn_cert, ct_cert):  # fmt: skip
    case = received(delivery="residence")
    app = to_review(case, ct_office, ct_doctor)
    cs.application_approve(actor=yn_chair, application=app, on=TODAY)
    cs.certificate_print(actor=yn_cert, application=app)
    app.refresh_from_db()
    with pytest.raises(ValidationError) as raised:  # not sent yet
        cs.certificate_hand_over(actor=ct_cert, application=app, received_by="李娜",
                                 receiver_id_number=TONGBAN_PERSON_ID, id_checked=True,
                                 on=TODAY)  # fmt: skip
    assert raised.value.code == "not_dispatched"
    with pytest.raises(PermissionDenied, match="您的角色不能办理此步骤。"):
        services.dispatch(actor=ct_cert, case=case, on=TODAY)
    services.dispatch(actor=yn_cert, case=case, on=TODAY)
    with pytest.raises(ValidationError) as raised:  # the 户籍地 no longer hands it over
        cs.certificate_hand_over(actor=yn_cert, application=app, received_by="李娜",
                                 receiver_id_number=TONGBAN_PERSON_ID, id_checked=True,
                                 on=TODAY)  # fmt: skip
    assert raised.value.code == "other_side"
    cs.certificate_hand_over(actor=ct_cert, application=app, received_by="李娜",
                             receiver_id_number=TONGBAN_PERSON_ID, id_checked=True,
                                 on=TODAY)  # fmt: skip
    app.refresh_from_db()
    assert app.state == "closed"


def test_a_service_for_a_person_on_file_elsewhere(flow, ct_office):
    """换领 of a 永年区 holder received at 丛台区: no 居住证 scan means no intake."""
    holder = flow("closed")
    with pytest.raises(ValidationError, match="申请人居住地与户籍地不同：请"):
        services.intake(actor=ct_office, on=TODAY, kind="loss", id_number=holder.person.id_number,
                        residence_community="光明街道", residence_address="光明街1号",
                        delivery="household")  # fmt: skip
    case = services.intake(
        actor=ct_office, on=TODAY, kind="loss", id_number=holder.person.id_number,
        residence_community="光明街道", residence_address="光明街1号", delivery="household",
        permit_number="冀D居1", permit_valid_until=datetime.date(2027, 1, 1),
        permit_scan=scan_upload(),
    )  # fmt: skip
    assert case.application.kind == "loss" and case.application.region.code == "130408"
    assert case.application.person.region.code == "130408"  # the file never moves


def test_ratings_and_follow_up(received, ct_office, ct_doctor, yn_chair, yn_cert):
    case = received()
    with pytest.raises(ValidationError) as raised:  # not finished yet
        services.rate(case=case, score=5, reason="", channel="public", on=TODAY)
    assert raised.value.code == "open"
    app = to_review(case, ct_office, ct_doctor)
    cs.application_approve(actor=yn_chair, application=app, on=TODAY)
    cs.certificate_print(actor=yn_cert, application=app)
    services.record_posting(actor=yn_cert, case=case, tracking_number="EMS123456789",
                            posted_on=TODAY, today=TODAY)  # fmt: skip
    # a low rating needs its reason
    with pytest.raises(ValidationError, match="必须填写原因"):
        services.rate(case=case, score=1, reason=" ", channel="public", on=TODAY)
    rating = services.rate(case=case, score=2, reason="等了很久", channel="public", on=TODAY)
    assert rating.follow_up_due == datetime.date(2026, 11, 23)  # 15 working days
    with pytest.raises(ValidationError) as raised:
        services.rate(case=case, score=5, reason="", channel="public", on=TODAY)
    assert raised.value.code == "rated"
    services.follow_up(actor=ct_office, rating=rating, note="已电话回访并致歉", on=TODAY)
    assert Rating.objects.get().follow_up_done_on == TODAY
    assert Case.objects.count() == 1


def test_a_cancellation_received_elsewhere_names_its_grounds(flow, ct_office):
    """注销 at the residence: without grounds nothing is received; with them, the grounds
    (not the words typed) are kept on the 户籍地's application."""
    holder = flow("closed")
    place = dict(
        residence_community="光明街道", residence_address="光明街1号", delivery="household",
        permit_number="冀D居1", permit_valid_until=datetime.date(2027, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        services.intake(actor=ct_office, on=TODAY, kind="cancel", permit_scan=scan_upload(),
                        id_number=holder.person.id_number, reason="死亡", **place)  # fmt: skip
    assert raised.value.code == "grounds"
    assert not Case.objects.exists()
    case = services.intake(actor=ct_office, on=TODAY, kind="cancel", permit_scan=scan_upload(),
                           id_number=holder.person.id_number, grounds="death",
                           reason="家属办理", **place)  # fmt: skip
    assert case.application.cancel_grounds == "death"
