"""Every certificate view: success, bad input (clear error, nothing saved), another district
(404), wrong role (403)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cdpf import calendar, roles
from cdpf.models import AuditEntry
from certificates.models import Application, Certificate, Hospital, Person
from tests.factories import ADULT_ID, APPLICANT, id_number, make_user
from tests.pdf_utils import embedded_fonts, pdf_text, printed_in_job

pytestmark = pytest.mark.django_db


# -- 受理 ------------------------------------------------------------------------------------


def test_office_receives_a_new_application(client_for, office_user):
    response = client_for(office_user).post(reverse("certificates:applicant_new"), APPLICANT)
    app = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:application", args=[app.pk])
    assert app.person.sex == "M" and app.state == "received"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "130408198503150017", "校验码"),
        ("id_number", "1304081985", "18"),
        ("name", "", ""),
    ],
)
def test_a_bad_applicant_is_refused_and_nothing_saved(
    client_for, office_user, field, value, message
):
    data = {**APPLICANT, field: value}
    response = client_for(office_user).post(reverse("certificates:applicant_new"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert message in " ".join(errors)
    body = response.content.decode()
    assert 'aria-invalid="true"' in body and "王喆" in body or field == "name"
    assert not Person.objects.exists() and not Application.objects.exists()


def test_missing_materials_are_named(client_for, office_user):
    response = client_for(office_user).post(
        reverse("certificates:applicant_new"), {**APPLICANT, "materials": ["身份证"]}
    )
    assert response.status_code == 400
    assert "户口簿" in " ".join(response.context["form"].errors["materials"])


def test_a_minor_without_guardian_is_refused_on_the_page(client_for, office_user):
    data = {**APPLICANT, "id_number": id_number("20150808", "003")}
    response = client_for(office_user).post(reverse("certificates:applicant_new"), data)
    assert response.status_code == 400
    assert "监护人" in response.content.decode() or "guardian" in response.content.decode()
    assert not Person.objects.exists()


def test_an_applicant_with_an_application_in_progress_is_refused(client_for, office_user, flow):
    flow("received")
    response = client_for(office_user).post(reverse("certificates:applicant_new"), APPLICANT)
    assert response.status_code == 400 and "正在办理" in response.content.decode()
    assert Person.objects.count() == 1 and Application.objects.count() == 1


def test_only_the_office_receives_applications(client_for, cert_room):
    client = client_for(cert_room)
    assert client.get(reverse("certificates:applicant_new")).status_code == 403
    assert client.post(reverse("certificates:applicant_new"), APPLICANT).status_code == 403


# -- search and record --------------------------------------------------------------------


def test_search_masks_id_numbers_and_finds_by_id_number_and_name(client_for, flow, office_user):
    flow("approved")
    client = client_for(office_user)
    for query in (ADULT_ID, "王喆", "13040819850315001842"):
        response = client.get(reverse("certificates:index"), {"q": query})
        body = response.content.decode()
        start = body.index('id="certificate-table"')
        table = body[start : body.index("</table>", start)]
        assert response.context["page"].paginator.count == 1, query
        assert "130408********0018" in table and ADULT_ID not in table
        assert "13040819850315001842" not in table


def test_search_filters_and_bad_filters(client_for, flow, office_user):
    flow("approved")
    client = client_for(office_user)
    assert (
        client.get(reverse("certificates:index"), {"category": "1"}).context["page"].paginator.count
        == 0
    )
    response = client.get(reverse("certificates:index"), {"grade": "9"})
    assert response.status_code == 200 and response.context["form"].errors["grade"]


def test_the_list_query_count_is_pinned(
    client_for, flow, person_factory, office_user, page_queries
):
    for i in range(5):
        flow(
            "approved",
            person=person_factory(number=id_number("19900101", f"{i:03d}"), name=f"张{i}"),
        )
    client = client_for(office_user)
    client.get(reverse("home"))  # the first page after sign-in writes the session
    # session, user with its region, roles, the user's regions, the first page (which holds
    # all five: no COUNT)
    with page_queries(5):
        response = client.get(reverse("certificates:index"))
    assert response.context["page"].paginator.count == 5
    # with a query, one more: the applicants with an open application (申请中)
    with page_queries(6):
        response = client.get(reverse("certificates:index"), {"q": "张0"})
    assert response.context["page"].paginator.count == 1
    assert len(response.context["applying"]) == 1


def test_the_queue_query_count_is_pinned(
    client_for, flow, person_factory, chairman, django_assert_max_num_queries
):
    for i in range(5):
        flow(
            "review", person=person_factory(number=id_number("19900101", f"{i:03d}"), name=f"张{i}")
        )
    client = client_for(chairman)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("certificates:queue"))
    assert len(response.context["rows"]) == 5


def test_the_record_page_shows_the_whole_id_to_the_office_and_logs_the_view(
    client_for, flow, office_user, supervisor
):
    person = flow("approved").person
    body = client_for(office_user).get(reverse("certificates:person", args=[person.pk]))
    assert ADULT_ID in body.content.decode()
    masked = client_for(supervisor).get(reverse("certificates:person", args=[person.pk]))
    assert (
        ADULT_ID not in masked.content.decode() and "130408********0018" in masked.content.decode()
    )
    views = AuditEntry.objects.filter(
        action="view", object_type="certificates.person", object_id=str(person.pk)
    )
    assert views.count() == 2


def test_another_districts_records_are_404(client_for, flow, ct_office):
    app = flow("approved")
    client = client_for(ct_office)
    for url in (
        reverse("certificates:person", args=[app.person_id]),
        reverse("certificates:application", args=[app.pk]),
        reverse("certificates:assessment_new", args=[app.pk]),
        reverse("certificates:application_pdf", args=[app.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("certificates:step", args=[app.pk, "print"])).status_code == 404
    assert (
        client.post(
            reverse("certificates:apply", args=[app.certificate_id]), {"kind": "loss"}
        ).status_code
        == 404
    )
    assert client.get(reverse("certificates:index")).context["page"].paginator.count == 0


def test_roles_without_certificate_work_get_403(client_for):
    education = make_user("yn_edu", "130408", roles.EDUCATION_EMPLOYMENT)
    assert client_for(education).get(reverse("certificates:index")).status_code == 403


# -- the flow through the views ----------------------------------------------------------


def test_assessment_page_records_a_hospital_assessment(client_for, flow, office_user, doctor):
    app = flow("received")
    response = client_for(office_user).post(
        reverse("certificates:assessment_new", args=[app.pk]),
        {
            "mode": "hospital",
            "doctor": doctor.pk,
            "assessed_on": "2026-11-02",
            "category_1": "4",
            "grade_1": "2",
            "measures": "右下肢缺失",
            "meets_standard": "on",
        },
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == "assessed" and app.assessment.grade == 2


def test_a_direct_assessment_without_the_chairman_is_refused_on_the_page(
    client_for, flow, office_user
):
    app = flow("received")
    others = [make_user(f"o{i}", "130408", roles.OFFICE) for i in range(2)]
    response = client_for(office_user).post(
        reverse("certificates:assessment_new", args=[app.pk]),
        {
            "mode": "direct",
            "signers": [office_user.pk] + [o.pk for o in others],
            "assessed_on": "2026-11-02",
            "category_1": "4",
            "grade_1": "1",
            "meets_standard": "on",
        },
    )
    assert response.status_code == 400
    assert "理事长" in response.content.decode()
    app.refresh_from_db()
    assert app.state == "received"


def test_the_chairman_approves_and_the_office_may_not(client_for, flow, office_user, chairman):
    app = flow("review")
    response = client_for(office_user).post(reverse("certificates:step", args=[app.pk, "approve"]))
    assert response.status_code == 403
    app.refresh_from_db()
    assert app.state == "review" and app.certificate is None
    client_for(chairman).post(reverse("certificates:step", args=[app.pk, "approve"]))
    app.refresh_from_db()
    assert app.state == "approved" and app.certificate.number.endswith("42")


def test_a_return_without_reason_is_an_error(client_for, flow, chairman):
    app = flow("review")
    response = client_for(chairman).post(
        reverse("certificates:step", args=[app.pk, "return"]), {"reason": ""}
    )
    assert response.status_code == 400 and response.context["return_form"].errors["reason"]
    app.refresh_from_db()
    assert app.state == "review"


def test_an_unknown_step_changes_nothing(client_for, flow, chairman):
    app = flow("review")
    client_for(chairman).post(reverse("certificates:step", args=[app.pk, "teleport"]))
    app.refresh_from_db()
    assert app.state == "review"


def test_the_notice_page_publishes_and_prints(client_for, flow, office_user):
    app = flow("assessed")
    client = client_for(office_user)
    response = client.post(
        reverse("certificates:notice_new"),
        {
            "applications": [app.pk],
            "community": "城关镇东街村",
            "starts_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == "in_notice"
    batch = app.notices.get()
    text = pdf_text(printed_in_job(client, reverse("certificates:notice_pdf", args=[batch.pk])))
    end = calendar.add_working_days(timezone.localdate(), 5)
    assert "王喆" in text and "肢体残疾" in text and f"{end.year}年{end.month}月{end.day}日" in text
    assert ADULT_ID not in text


def test_the_notice_form_reports_missing_choices(client_for, flow, office_user):
    flow("assessed")
    response = client_for(office_user).post(
        reverse("certificates:notice_new"), {"community": "东街村", "starts_on": "2026-11-02"}
    )
    assert response.status_code == 400 and response.context["form"].errors["applications"]


def test_the_certificate_room_prints_and_hands_over(client_for, flow, cert_room):
    app = flow("approved")
    client = client_for(cert_room)
    card = client.get(reverse("certificates:card_pdf", args=[app.certificate_id]))
    text = pdf_text(card.content)
    assert "王喆" in text and "13040819850315001842" in text and "二级" in text
    assert all(embedded_fonts(card.content).values())
    client.post(reverse("certificates:step", args=[app.pk, "print"]))
    response = client.post(
        reverse("certificates:handover", args=[app.pk]),
        {"received_by": "王喆", "receiver_id_number": ADULT_ID, "handed_on": "2026-11-20"},
    )
    assert response.status_code == 400 and response.context["form"].errors["id_checked"]
    client.post(
        reverse("certificates:handover", args=[app.pk]),
        {
            "received_by": "王喆",
            "receiver_id_number": ADULT_ID,
            "id_checked": "on",
            "handed_on": "2026-11-20",
        },
    )
    app.refresh_from_db()
    assert app.state == "closed" and app.certificate.print_status == "handed_over"


def test_the_office_cannot_print_the_card(client_for, flow, office_user):
    app = flow("approved")
    assert (
        client_for(office_user)
        .get(reverse("certificates:card_pdf", args=[app.certificate_id]))
        .status_code
        == 403
    )


def test_the_application_form_prints_with_the_applicants_data(client_for, flow, office_user):
    app = flow("assessed")
    response = client_for(office_user).get(reverse("certificates:application_pdf", args=[app.pk]))
    text = pdf_text(response.content)
    assert "残疾人证新办申请表" in text and "王喆" in text and ADULT_ID in text


def test_loss_and_replacement_through_the_pages(client_for, flow, office_user, cert_room):
    old = flow("closed").certificate
    client = client_for(office_user)
    response = client.post(reverse("certificates:apply", args=[old.pk]), {"kind": "loss"})
    loss = Application.objects.get(kind="loss")
    assert response["Location"] == reverse("certificates:application", args=[loss.pk])
    client.post(reverse("certificates:step", args=[loss.pk, "approve"]))
    old.refresh_from_db()
    loss.refresh_from_db()
    assert old.status == "lost" and loss.certificate.number == old.number + "B1"


def test_cancel_needs_a_reason_and_details_for_other(client_for, flow, office_user):
    certificate = flow("closed").certificate
    client = client_for(office_user)
    url = reverse("certificates:apply", args=[certificate.pk])
    for data in (
        {"kind": "cancel"},
        {"kind": "cancel", "cancel_reason": "other"},
        {"kind": "transfer_out"},
        {"kind": "teleport"},
    ):
        response = client.post(url, data, follow=True)
        assert response.redirect_chain and 'role="alert"' in response.content.decode()
    assert not Application.objects.filter(kind__in=["cancel", "transfer_out"]).exists()
    client.post(url, {"kind": "cancel", "cancel_reason": "death"})
    app = Application.objects.get(kind="cancel")
    client.post(reverse("certificates:step", args=[app.pk, "approve"]))
    assert Certificate.objects.get(pk=certificate.pk).status == "cancelled"


def test_transfer_in_from_outside_page_registers_the_file(client_for, office_user):
    data = {k: v for k, v in APPLICANT.items() if k not in ("materials", "requested_category")}
    url = reverse("certificates:transfer_in_outside")
    response = client_for(office_user).post(
        url, {**data, "incoming_number": "123", "transfer_place": "邢台市"}
    )
    assert response.status_code == 400 and response.context["form"].errors["incoming_number"]
    assert not Person.objects.exists()
    response = client_for(office_user).post(
        url, {**data, "incoming_number": ADULT_ID + "42", "transfer_place": "邢台市"}
    )
    app = Application.objects.get(kind="transfer_in")
    assert response["Location"] == reverse("certificates:application", args=[app.pk])
    page = client_for(office_user).get(response["Location"]).content.decode()
    assert "transfer_review" in page  # the chairman's review is the next step, not approval
    assert reverse("certificates:step", args=[app.pk, "approve"]) not in page


def test_transfer_in_page_refuses_an_unknown_transfer_number(client_for, office_user):
    response = client_for(office_user).post(
        reverse("certificates:transfer_in"),
        {"transfer_number": "1304082026QY99999", "community": "东街村", "address": "东街1号"},
    )
    assert response.status_code == 400 and response.context["form"].errors["transfer_number"]
    assert not Application.objects.exists()


def test_only_the_office_receives_business(client_for, flow, cert_room):
    certificate = flow("closed").certificate
    response = client_for(cert_room).post(
        reverse("certificates:apply", args=[certificate.pk]), {"kind": "loss"}
    )
    assert response.status_code == 403


def test_the_home_page_lists_the_chairmans_reviews(client_for, flow, chairman):
    flow("review")
    body = client_for(chairman).get(reverse("home")).content.decode()
    assert reverse("certificates:queue") in body and "1" in body


def test_the_assessment_form_prints(client_for, flow, office_user):
    app = flow("assessed")
    text = pdf_text(
        client_for(office_user).get(reverse("certificates:assessment_pdf", args=[app.pk])).content
    )
    assert "残疾评定表" in text and "赵医生" in text and "肢体残疾二级" in text


def test_transfer_certificate_and_cancellation_notice_print(
    client_for, flow, office_user, person_factory
):
    client = client_for(office_user)
    first = flow("closed").certificate
    client.post(
        reverse("certificates:apply", args=[first.pk]),
        {"kind": "transfer_out", "transfer_place": "邢台市残联"},
    )
    out = Application.objects.get(kind="transfer_out")
    assert client.get(reverse("certificates:decision_pdf", args=[out.pk])).status_code == 404
    client.post(reverse("certificates:step", args=[out.pk, "approve"]))
    text = "".join(
        pdf_text(client.get(reverse("certificates:decision_pdf", args=[out.pk])).content).split()
    )
    assert "迁移证明" in text and "邢台市残联" in text and first.number in text
    second = flow(
        "closed", person=person_factory(number=id_number("19900101", "021"), name="李堃")
    ).certificate
    client.post(
        reverse("certificates:apply", args=[second.pk]),
        {"kind": "cancel", "cancel_reason": "death"},
    )
    cancel = Application.objects.get(kind="cancel")
    client.post(reverse("certificates:step", args=[cancel.pk, "approve"]))
    text = "".join(
        pdf_text(client.get(reverse("certificates:decision_pdf", args=[cancel.pk])).content).split()
    )
    assert "注销通知书" in text and "李堃" in text and "死亡" in text


def test_the_yearly_summary_counts_by_category_and_grade(client_for, flow, office_user):
    flow("approved")
    client = client_for(office_user)
    content = printed_in_job(client, reverse("certificates:summary_pdf"), {"year": "2026"})
    text = "".join(pdf_text(content).split())
    assert "永年区2026年残疾人证核发情况汇总表" in text and "肢体残疾0100" in text
    assert client.post(reverse("certificates:summary_pdf"), {"year": "abc"}).status_code == 404
    assert client.post(reverse("certificates:summary_pdf"), {"year": "2999"}).status_code == 404


def test_the_objection_deadline_counts_working_days(client_for, flow, office_user):
    app = flow("approved")
    Application.objects.filter(pk=app.pk).update(decided_on="2026-09-30")
    response = client_for(office_user).get(reverse("certificates:application", args=[app.pk]))
    # 10 working days after 30 September 2026: 8, 9, 10 (Sat, 调休), 12–16, 19, 20 October
    assert response.context["objection_until"].isoformat() == "2026-10-20"


def test_the_record_page_query_count_is_pinned(
    client_for, flow, office_user, django_assert_max_num_queries
):
    app = flow("closed")
    client = client_for(office_user)
    with django_assert_max_num_queries(20):
        client.get(reverse("certificates:person", args=[app.person_id]))
    with django_assert_max_num_queries(20):
        client.get(reverse("certificates:application", args=[app.pk]))


def test_admins_manage_hospitals_and_doctors_of_their_region(
    client_for, admin_user, doctor, outsider_admin
):
    client = client_for(admin_user)
    response = client.post(
        reverse("admin:certificates_hospital_add"),
        {
            "region": admin_user.region_id,
            "name": "永年区中医院",
            "active": "on",
            "doctors-TOTAL_FORMS": 1,
            "doctors-INITIAL_FORMS": 0,
            "doctors-MIN_NUM_FORMS": 0,
            "doctors-MAX_NUM_FORMS": 1000,
            "doctors-0-name": "周医生",
            "doctors-0-categories": "4",
            "doctors-0-active": "on",
        },
    )
    assert response.status_code == 302
    assert Hospital.objects.get(name="永年区中医院").doctors.get().name == "周医生"
    listing = client_for(outsider_admin).get(reverse("admin:certificates_hospital_changelist"))
    assert listing.context["cl"].result_count == 0


def test_a_city_user_filters_by_district(client_for, flow, city_supervisor):
    flow("approved")
    client = client_for(city_supervisor)
    assert client.get(reverse("certificates:index")).context["page"].paginator.count == 1
    other = client.get(reverse("certificates:index"), {"region": "130403"})
    assert other.context["page"].paginator.count == 0
    assert "region" in other.context["form"].fields


def test_a_returned_applicant_applies_again_with_the_file_kept(
    client_for, flow, office_user, chairman
):
    app = flow("review")
    client_for(chairman).post(
        reverse("certificates:step", args=[app.pk, "return"]), {"reason": "材料不全"}
    )
    response = client_for(office_user).post(
        reverse("certificates:applicant_new"), {**APPLICANT, "address": "新地址2号"}
    )
    assert response.status_code == 302
    assert Person.objects.count() == 1 and Person.objects.get().address == "新地址2号"
    assert Application.objects.filter(kind="new").count() == 2


def test_another_districts_person_must_transfer_in(client_for, flow, ct_office):
    flow("closed")
    response = client_for(ct_office).post(reverse("certificates:applicant_new"), APPLICANT)
    assert response.status_code == 400 and "迁入" in response.content.decode()


def test_a_holder_moving_between_districts_keeps_one_file(
    client_for, flow, office_user, ct_office
):
    old = flow("closed").certificate
    client_for(office_user).post(
        reverse("certificates:apply", args=[old.pk]),
        {"kind": "transfer_out", "transfer_place": "丛台区残联"},
    )
    out = Application.objects.get(kind="transfer_out")
    client_for(office_user).post(reverse("certificates:step", args=[out.pk, "approve"]))
    out.refresh_from_db()
    client = client_for(ct_office)
    response = client.post(
        reverse("certificates:transfer_in"),
        {"transfer_number": out.transfer_number, "community": "光明社区", "address": "光明路1号"},
    )
    incoming = Application.objects.get(kind="transfer_in")
    assert response["Location"] == reverse("certificates:application", args=[incoming.pk])
    client.post(reverse("certificates:step", args=[incoming.pk, "approve"]))
    person = Person.objects.get()
    assert person.region.code == "130403"
    assert person.certificates.get(status="valid").region.code == "130403"


def test_a_city_account_cannot_receive_applications(client_for):
    city_office = make_user("hd_office", "130400", roles.OFFICE)
    response = client_for(city_office).post(reverse("certificates:applicant_new"), APPLICANT)
    assert response.status_code == 400 and not Person.objects.exists()
