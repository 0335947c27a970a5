"""An admin's edit shows on the staff page and in the printed register."""

import pytest
from django.urls import reverse

from cdpf.models import AuditEntry, GeneratedDocument, Job
from duties.models import Duty, WorkItem
from tests.pdf_utils import (
    embedded_fonts,
    pdf_pages,
    pdf_text,
    printed_in_job,
    start_document_job,
)

pytestmark = pytest.mark.django_db


def squash(text: str) -> str:
    return "".join(text.split())


def test_the_printed_register_has_both_tables_with_fonts_embedded(client_for, office_user):
    content = printed_in_job(client_for(office_user), reverse("duties:register_pdf"))
    text = squash(pdf_text(content))
    for heading in ("部门职责登记表", "公共服务事项登记表", "主要职责", "具体工作事项", "责任科室"):
        assert heading in text
    for item in WorkItem.objects.all():
        assert squash(item.text) in text, item.text
    assert "6633005" in text and "第1页" in text
    assert pdf_pages(content) >= 3
    assert text.count("具体工作事项") >= pdf_pages(content) - 1  # header repeated per page
    fonts = embedded_fonts(content)
    assert fonts and all(fonts.values())
    document = GeneratedDocument.objects.get(kind="duty_register")
    assert bytes(document.content) == content and document.created_by == office_user


def test_an_admin_edit_shows_on_the_page_and_in_the_pdf(client_for, admin_user):
    item = WorkItem.objects.get(duty__number=8, order=3)
    client = client_for(admin_user)
    response = client.post(
        reverse("admin:duties_workitem_change", args=[item.pk]),
        {
            "duty": item.duty_id,
            "order": item.order,
            "text": item.text,
            "unit": item.unit_id,
            "phone": "6858599",
            "remarks": "周一至周五",
            "link_name": item.link_name,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.phone == "6858599"
    page = client.get(reverse("duties:register"), {"q": "遗失补办"}).content.decode()
    assert "6858599" in page and "周一至周五" in page
    text = squash(pdf_text(printed_in_job(client, reverse("duties:register_pdf"))))
    assert "6858599" in text and "周一至周五" in text
    entry = AuditEntry.objects.filter(action="update", object_type="duties.workitem").latest("id")
    assert entry.user == admin_user and entry.detail["changes"]["phone"] == ["6858512", "6858599"]


def test_a_bad_phone_in_admin_is_refused_and_nothing_saved(client_for, admin_user):
    item = WorkItem.objects.get(duty__number=1, order=1)
    response = client_for(admin_user).post(
        reverse("admin:duties_workitem_change", args=[item.pk]),
        {
            "duty": item.duty_id,
            "order": item.order,
            "text": item.text,
            "unit": item.unit_id,
            "phone": "call me",
            "remarks": "",
            "link_name": "",
        },
    )
    assert response.status_code == 200 and "errornote" in response.content.decode()
    item.refresh_from_db()
    assert item.phone == "6858512"


def test_admin_edits_a_duty_with_its_items_inline(client_for, admin_user):
    duty = Duty.objects.get(number=9)
    item = duty.items.get()
    client = client_for(admin_user)
    url = reverse("admin:duties_duty_change", args=[duty.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "region": duty.region_id,
            "number": 9,
            "text": duty.text,
            "items-TOTAL_FORMS": 2,
            "items-INITIAL_FORMS": 1,
            "items-MIN_NUM_FORMS": 0,
            "items-MAX_NUM_FORMS": 1000,
            "items-0-id": item.pk,
            "items-0-duty": duty.pk,
            "items-0-order": 1,
            "items-0-text": item.text,
            "items-0-unit": item.unit_id,
            "items-0-phone": "6791166",
            "items-0-remarks": "",
            "items-0-link_name": "",
            "items-1-duty": duty.pk,
            "items-1-order": 2,
            "items-1-text": "新增工作事项。",
            "items-1-unit": item.unit_id,
            "items-1-phone": "6791166",
            "items-1-remarks": "",
            "items-1-link_name": "",
        },
    )
    assert response.status_code == 302
    assert list(duty.items.values_list("text", flat=True))[-1] == "新增工作事项。"


def test_another_districts_admin_cannot_open_the_item_in_admin(client_for, outsider_admin):
    item = WorkItem.objects.first()
    response = client_for(outsider_admin).get(
        reverse("admin:duties_workitem_change", args=[item.pk])
    )
    assert response.status_code == 302  # admin redirects a missing object to the list
    listing = client_for(outsider_admin).get(reverse("admin:duties_workitem_changelist"))
    assert listing.context["cl"].result_count == 0


def test_office_staff_cannot_enter_admin(client_for, office_user):
    response = client_for(office_user).get(reverse("admin:duties_workitem_changelist"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_pdf_of_another_district_is_404(client_for, office_user):
    response = client_for(office_user).post(reverse("duties:register_pdf"), {"region": "130403"})
    assert response.status_code == 404 and not Job.objects.exists()


def test_an_unprintable_character_gives_a_clear_error_and_no_pdf(client_for, admin_user):
    WorkItem.objects.filter(duty__number=10).update(text="承担政府交办的其它工作\U000f0001")
    client = client_for(admin_user)
    response, job = start_document_job(client, reverse("duties:register_pdf"))
    assert response.status_code == 302 and job.status == "failed"
    body = client.get(response.url).content.decode()
    assert "U+F0001" in body and 'id="job-document"' not in body
    assert not GeneratedDocument.objects.exists()
