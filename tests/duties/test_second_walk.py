"""Duty register defects of the second walks (issue 14 "Duty register", issue 19 items 11 and
12), each reproduced here before its fix."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from cdpf.models import GeneratedDocument, Job
from duties.models import Duty, RegisterVersion, WorkItem
from tests.factories import duty_upload, duty_workbook
from tests.pdf_utils import pdf_text, printed_in_job

pytestmark = pytest.mark.django_db
PHONE_MESSAGE = "电话号码只能由数字和连字符组成"


def test_a_bad_phone_in_an_import_says_what_is_wrong(
    client_for, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        duty_upload(client_for(admin_user), duty_workbook([[3, 1, "x", "办公室", "call me", ""]]))
    job = Job.objects.get()
    messages = " ".join(" ".join(e["messages"]) for e in job.errors)
    assert "约束" not in messages and "workitem_phone_format" not in messages
    assert PHONE_MESSAGE in messages and "联系电话" in messages


def test_a_bad_phone_in_admin_says_what_is_wrong(client_for, admin_user):
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
    body = response.content.decode()
    assert response.status_code == 200
    assert "workitem_phone_format" not in body and PHONE_MESSAGE in body


def test_the_export_sheet_has_a_chinese_name(client_for, admin_user):
    response = client_for(admin_user).get(reverse("duties:export"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["具体工作事项"]


def test_kept_copies_say_which_version_they_are(client_for, admin_user):
    client = client_for(admin_user)
    client.post(reverse("duties:publish"), {"published_on": "2026-11-02"})
    WorkItem.objects.filter(duty__number=1, order=1).update(remarks="第二版的修改")
    client.post(reverse("duties:publish"), {"published_on": "2026-11-03"})
    WorkItem.objects.filter(duty__number=1, order=1).update(remarks="未发布的修改")

    for version in RegisterVersion.objects.order_by("number"):
        printed_in_job(client, reverse("duties:version_pdf", args=[version.pk]))
    printed_in_job(client, reverse("duties:register_pdf"))
    titles = list(GeneratedDocument.objects.order_by("id").values_list("title", flat=True))
    assert len(titles) == 3 and len(set(titles)) == 3
    assert "第1版" in titles[0] and "第2版" in titles[1]
    assert "现行" in titles[2] and "未发布" in titles[2]


def page_texts(content: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


def test_phone_numbers_never_wrap(client_for, admin_user):
    WorkItem.objects.update(phone="0310-6999999")
    content = printed_in_job(client_for(admin_user), reverse("duties:register_pdf"))
    text = pdf_text(content)
    assert "0310-6999999" in text
    assert not re.search(r"0310-699999\s*\n\s*9", text)


def test_a_duty_continued_on_the_next_page_repeats_its_number_marked_continued(
    client_for, admin_user
):
    # a long duty that cannot fit on the page it starts on
    duty = Duty.objects.get(number=2)
    unit = duty.items.first().unit
    for order in range(10, 40):
        WorkItem.objects.create(
            duty=duty,
            order=order,
            text=f"第{order}项补充工作事项，" * 3,
            unit=unit,
            phone="6858512",
        )
    content = printed_in_job(client_for(admin_user), reverse("duties:register_pdf"))
    pages = page_texts(content)
    continued = [p for p in pages[1:] if "（续）" in p]
    assert continued, "the continued duty carries （续）"
    first_cell = "".join(continued[0].split())
    assert "2（续）" in first_cell


def test_an_items_text_unit_and_phone_stay_on_one_page(client_for, admin_user):
    item_text = "本项用于检查：一项工作事项的文字、责任科室与电话不分在两页。" * 4
    duty = Duty.objects.get(number=3)
    unit = duty.items.first().unit
    for order in range(10, 30):
        WorkItem.objects.create(duty=duty, order=order, text=item_text, unit=unit, phone="6633938")
    content = printed_in_job(client_for(admin_user), reverse("duties:register_pdf"))
    for page in page_texts(content):
        flat = "".join(page.split())
        # every item's text on a page is followed by its unit and phone on the same page
        for match in re.finditer("不分在两页。", flat):
            tail = flat[match.end() :]
            if tail.startswith("本项用于检查"):
                continue
            assert "6633938" in tail[:80], tail[:80]


def test_the_city_supervisor_sees_a_districts_register_and_can_choose(client_for, city_supervisor):
    client = client_for(city_supervisor)
    body = client.get(reverse("duties:register")).content.decode()
    assert "永年区残疾人联合会责任清单" in body
    assert "遗失补办" in body
    assert 'id="region-select"' in body and ">永年区<" in body
    assert "永年区" in pdf_text(printed_in_job(client, reverse("duties:register_pdf")))
