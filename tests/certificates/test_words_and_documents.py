"""Words and documents for what they are (issue 12, part 5) and the print queue photo check
(issue 19, item 8)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certificates import pdf, rules, services
from certificates.models import Certificate
from tests.factories import ADULT_ID, TODAY, id_number
from tests.pdf_utils import pdf_text, printed_in_job

pytestmark = pytest.mark.django_db


def _text(document) -> str:
    return "".join(pdf_text(bytes(document.content)).split())


def test_each_business_type_prints_its_own_form(flow, office_user):
    certificate = flow("closed").certificate
    app = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="cancel", on=TODAY, grounds="death"
    )
    text = _text(pdf.application_form(actor=office_user, application=app))
    assert "残疾人证注销申请表" in text and "注销原因死亡" in text
    assert certificate.number in text and "待评定" not in text


def test_a_transfer_out_form_names_the_destination(flow, office_user):
    certificate = flow("closed").certificate
    app = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="transfer_out", on=TODAY,
        transfer_place="邢台市信都区残联",
    )  # fmt: skip
    text = _text(pdf.application_form(actor=office_user, application=app))
    assert "迁出申请表" in text and "迁往邢台市信都区残联" in text


def test_the_public_notice_says_where_how_and_until_when_to_object(flow, office_user):
    app = flow("in_notice")
    batch = app.notices.get()
    text = _text(pdf.notice_list(actor=office_user, batch=batch))
    until = f"{batch.ends_on.year}年{batch.ends_on.month}月{batch.ends_on.day}日（含当日）前"
    assert until in text and "书面形式" in text and "残疾人联合会办公室" in text


def test_transfer_out_and_cancel_are_worded_as_such(client_for, flow, office_user):
    certificate = flow("closed").certificate
    app = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="cancel", on=TODAY, grounds="death"
    )
    page = client_for(office_user).get(reverse("certificates:application", args=[app.pk]))
    assert "批准注销" in page.content.decode() and "批准并发证" not in page.content.decode()
    services.application_approve(actor=office_user, application=app, on=TODAY)
    page = client_for(office_user).get(reverse("certificates:application", args=[app.pk]))
    body = page.content.decode()
    assert "已注销" in body and "已发放" not in body


def test_history_tables_show_chinese_event_labels(client_for, flow, office_user):
    app = flow("closed")
    body = client_for(office_user).get(
        reverse("certificates:person", args=[app.person_id])
    ).content.decode()
    for code in ("issued", "printed", "handed_over"):
        assert f"<td>{code}</td>" not in body
    assert "发证" in body and "发放" in body


def test_the_yearly_summary_counts_completed_cases_beside_approvals(
    client_for, flow, office_user
):
    flow("closed")
    content = printed_in_job(
        client_for(office_user), reverse("certificates:summary_pdf"), {"year": "2026"}
    )
    text = "".join(pdf_text(content).split())
    assert "批准件数" in text and "办结件数" in text
    assert "新办)11" in text or "新办11" in text  # approved 1, handed over 1


def test_no_category_is_pre_selected(client_for, office_user):
    body = client_for(office_user).get(reverse("certificates:applicant_new")).content.decode()
    start = body.index('name="requested_category"')
    select = body[start : body.index("</select>", start)]
    assert "selected" not in select.split("</option>", 1)[1]


def test_a_wrong_check_digit_does_not_name_the_right_one():
    wrong = ADULT_ID[:17] + ("9" if ADULT_ID[17] != "9" else "1")
    with pytest.raises(ValidationError) as raised:
        rules.parse_id_number(wrong, today=TODAY)
    assert ADULT_ID[17] not in raised.value.messages[0].replace("18", "")


def test_the_print_queue_refuses_a_card_without_a_photo(
    client_for, flow, person_factory, cert_room
):
    bare = person_factory(number=id_number("19900101", "301"), name="李无照", photo=False)
    app = flow("approved", person=bare)
    body = client_for(cert_room).get(reverse("certificates:print_queue")).content.decode()
    assert "无照片" in body or "No photo" in body
    assert f'value="{app.pk}"' not in body

    with pytest.raises(ValidationError) as raised:
        services.certificate_print(actor=cert_room, application=app)
    assert raised.value.code == "no_photo"
    assert Certificate.objects.get(pk=app.certificate_id).print_status == "queued"


def test_a_card_is_not_produced_outside_the_print_queue(client_for, flow, cert_room):
    """Issue 19 item 7: card.pdf printed a handed-over card again, with no reprint event."""
    app = flow("approved")
    url = reverse("certificates:card_pdf", args=[app.certificate_id])
    proof = client_for(cert_room).get(url)
    assert proof.status_code == 200 and "样张" in pdf_text(proof.content)
    services.certificate_print(actor=cert_room, application=app)
    assert client_for(cert_room).get(url).status_code == 404
