"""通办 staff pages: success, bad input, another district (404), wrong role (403), query counts."""

import datetime

import pytest
from django.urls import reverse

from cdpf import roles
from cdpf.models import AuditEntry
from certificates import services as cs
from tests.factories import TODAY, TONGBAN_PERSON_ID, id_number, make_user, scan_upload
from tests.pdf_utils import pdf_text
from tongban import services
from tongban.models import Case, Rating

pytestmark = pytest.mark.django_db


def post_intake(client, yongnian, **extra):
    data = {
        "kind": "new", "id_number": TONGBAN_PERSON_ID, "name": "李娜",
        "household_region": yongnian.pk,
        "household_community": "城关镇东街村", "residence_community": "光明街道",
        "residence_address": "光明街1号", "phone": "13800000000", "requested_category": "4",
        "materials": ["身份证", "户口簿", "照片", "申请表"], "permit_number": "冀D居1",
        "permit_valid_until": "2027-12-31", "permit_scan": scan_upload(),
        "photo": scan_upload("p.png"),
        "delivery": "post", "postal_recipient": "李娜", "postal_address": "光明街1号3单元",
        "postal_phone": "13800000000",
    }  # fmt: skip
    data.update(extra)
    return client.post(reverse("tongban:intake"), data)


def test_intake_success_and_receipt(client_for, ct_office, yongnian):
    client = client_for(ct_office)
    assert client.get(reverse("tongban:intake")).status_code == 200
    response = post_intake(client, yongnian)
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("tongban:case", args=[case.pk])
    page = client.get(response.url).content.decode()
    assert case.number in page and "丛台区" in page and "永年区" in page
    receipt = client.get(reverse("tongban:receipt", args=[case.pk]))
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"

    text = pdf_text(receipt.content)
    assert case.number in text and "邮寄至" in text and "身份证号后6位" in text


def test_intake_bad_input_saves_nothing(client_for, ct_office, yongnian):
    client = client_for(ct_office)
    response = post_intake(client, yongnian, permit_number="", delivery="post", postal_address="")
    page = response.content.decode()
    assert response.status_code == 400 and 'id="form-errors"' in page
    assert not Case.objects.exists()
    response = post_intake(client, yongnian, permit_number="")
    assert response.status_code == 400 and "居住证" in response.content.decode()
    assert not Case.objects.exists()


def test_intake_wrong_role(client_for, ct_cert):
    assert client_for(ct_cert).get(reverse("tongban:intake")).status_code == 403


def test_each_side_sees_the_case_and_a_third_district_sees_nothing(
    client_for, received, ct_office, office_user, ft_office, no_role_user
):
    case = received()
    for user in (ct_office, office_user):
        response = client_for(user).get(reverse("tongban:case", args=[case.pk]))
        assert response.status_code == 200
    client = client_for(ft_office)
    for name in ("case", "assess", "receipt", "rate"):
        assert client.get(reverse(f"tongban:{name}", args=[case.pk])).status_code == 404, name
    assert client.post(reverse("tongban:step", args=[case.pk, "publish_notice"])).status_code == 404

    third_cert = client_for(make_user("fx_cert", "130404", roles.CERTIFICATE_ROOM))
    for name in ("post", "handover"):
        assert third_cert.get(reverse(f"tongban:{name}", args=[case.pk])).status_code == 404
    assert client_for(no_role_user).get(reverse("tongban:case", args=[case.pk])).status_code == 403
    assert AuditEntry.objects.filter(action="view", object_type="tongban.case").count() == 2


def test_the_residence_cannot_open_the_other_districts_register(
    client_for, received, ct_office, ct_cert
):
    case = received()
    client = client_for(ct_office)
    app, person = case.application, case.application.person
    assert client.get(reverse("certificates:application", args=[app.pk])).status_code == 404
    assert client.get(reverse("certificates:person", args=[person.pk])).status_code == 404
    # and the 户籍地 side does not take the residence's step through the grant
    assert client_for(ct_cert).get(reverse("tongban:post", args=[case.pk])).status_code == 404


def test_the_household_office_does_not_get_the_residence_steps(client_for, received, office_user):
    case = received()
    client = client_for(office_user)
    assert client.get(reverse("tongban:assess", args=[case.pk])).status_code == 404
    client.post(reverse("certificates:step", args=[case.application.pk, "withdraw"]),
                           {"withdraw-reason": "试试"})  # fmt: skip
    case.application.refresh_from_db()
    assert case.application.state == "received"


def test_residence_steps_through_the_pages(client_for, received, ct_office, ct_doctor):
    case = received()
    client = client_for(ct_office)
    response = client.post(reverse("tongban:assess", args=[case.pk]), {"mode": "hospital"})
    assert response.status_code == 400
    response = client.post(reverse("tongban:assess", args=[case.pk]), {
        "mode": "hospital", "doctor": ct_doctor.pk, "assessed_on": TODAY.isoformat(),
        "category_1": "4", "grade_1": "2", "meets_standard": "on",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(reverse("tongban:step", args=[case.pk, "publish_notice"]))
    case.application.refresh_from_db()
    assert case.application.state == "in_notice"
    assert client.post(reverse("tongban:step", args=[case.pk, "nonsense"])).status_code == 404
    response = client.post(reverse("tongban:step", args=[case.pk, "return"]), {"reason": ""})
    assert response.status_code == 400
    response = client.post(reverse("tongban:missing", args=[case.pk]), {"missing": "户口簿复印件"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.missing == "户口簿复印件"


def test_posting_page(client_for, received, ct_office, ct_doctor, yn_chair, yn_cert, ct_cert):
    case = received()
    app = case.application
    cs.assessment_record(actor=ct_office, application=app, mode="hospital", doctor=ct_doctor,
                         parts=[(4, 2)], assessed_on=TODAY)  # fmt: skip
    services.publish_notice(actor=ct_office, case=case, on=TODAY)
    app.refresh_from_db()
    cs.notice_end(actor=ct_office, application=app, on=app.notice_ends_on + datetime.timedelta(1))
    cs.application_approve(actor=yn_chair, application=app, on=TODAY)
    cs.certificate_print(actor=yn_cert, application=app)
    assert client_for(ct_cert).get(reverse("tongban:post", args=[case.pk])).status_code == 404
    assert client_for(ct_office).get(reverse("tongban:post", args=[case.pk])).status_code == 403
    client = client_for(yn_cert)
    response = client.post(reverse("tongban:post", args=[case.pk]),
                           {"tracking_number": "?", "posted_on": TODAY.isoformat()})  # fmt: skip
    assert response.status_code == 400
    response = client.post(reverse("tongban:post", args=[case.pk]),
                           {"tracking_number": "EMS1234567",
                            "posted_on": TODAY.isoformat()})  # fmt: skip
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == "closed"
    # the counter rating
    client = client_for(ct_office)
    response = client.post(reverse("tongban:rate", args=[case.pk]), {"score": "1", "reason": ""})
    assert response.status_code == 400
    response = client.post(reverse("tongban:rate", args=[case.pk]),
                           {"score": "1", "reason": "态度不好"})  # fmt: skip
    assert response.status_code == 302
    rating = case.rating
    assert client.get(reverse("tongban:follow_ups")).status_code == 200
    response = client.post(reverse("tongban:follow_up", args=[rating.pk]), {"note": ""})
    assert response.status_code == 400
    response = client.post(reverse("tongban:follow_up", args=[rating.pk]), {"note": "已回访"})
    assert response.status_code == 302


def test_list_pages_query_counts_are_pinned(
    client_for, received, ct_office, person_factory, django_assert_max_num_queries
):

    for i in range(4):
        received(id_number=id_number("19800101", f"{i + 100:03d}"), name=f"赵{i}")
    client = client_for(ct_office)
    client.get(reverse("tongban:cases"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("tongban:cases"))
    assert len(response.context["page"]) == 4
    with django_assert_max_num_queries(9):
        response = client.get(reverse("certificates:queue"))
    assert len(response.context["residence_rows"]) == 4
    with django_assert_max_num_queries(8):
        client.get(reverse("tongban:follow_ups"))


def test_ratings_dashboard(client_for, supervisor, city_supervisor, ct_office, office_user):
    for user in (supervisor, city_supervisor):
        response = client_for(user).get(reverse("tongban:ratings"))
        assert response.status_code == 200
        response = client_for(user).get(reverse("tongban:rating_cases"), {"kind": "new"})
        assert response.status_code == 200
    assert client_for(ct_office).get(reverse("tongban:ratings")).status_code == 403


def test_the_household_pages_do_not_offer_the_residence_steps(client_for, received, office_user,
                                                              ct_office, ct_doctor):  # fmt: skip
    case = received()
    client = client_for(office_user)
    response = client.get(reverse("certificates:application", args=[case.application.pk]))
    assert response.status_code == 200 and "assess" not in response.context["steps"]
    cs.assessment_record(actor=ct_office, application=case.application, mode="hospital",
                         doctor=ct_doctor, parts=[(4, 2)], assessed_on=TODAY)  # fmt: skip
    response = client.get(reverse("certificates:notice_new"))
    assert case.application not in list(response.context["form"].fields["applications"].queryset)


def test_each_queue_shows_only_its_own_steps(client_for, received, office_user, ct_office):
    case = received()
    rows = client_for(office_user).get(reverse("certificates:queue")).context["rows"]
    assert case.application not in rows  # it waits for the residence's assessment
    residence = client_for(ct_office).get(reverse("certificates:queue")).context
    assert [c.pk for c in residence["residence_rows"]] == [case.pk]


def test_ratings_pages_query_counts_are_pinned(
    client_for, received, supervisor, django_assert_max_num_queries
):

    for i in range(3):
        case = received(id_number=id_number("19800101", f"{i + 200:03d}"), name=f"钱{i}")
        Rating.objects.create(case=case, score=1 + i, reason="慢", channel="public")
    client = client_for(supervisor)
    client.get(reverse("tongban:ratings"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("tongban:ratings"))
    assert sum(r["total"] for r in response.context["table"]) == 3
    with django_assert_max_num_queries(9):
        response = client.get(reverse("tongban:rating_cases"), {"kind": "new", "region": "130403"})
    assert len(response.context["page"]) == 3
