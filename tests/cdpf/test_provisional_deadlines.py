"""Deadlines never silently wrong (issue 13): working-day arithmetic that reaches a year without
a loaded calendar is provisional, marked wherever it is shown, and recomputed (and audited)
once an administrator loads the year."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cdpf import calendar, holidays
from cdpf.models import AuditEntry, CalendarDay, CalendarYear
from supervision import services as supervision
from supervision.models import Complaint

pytestmark = pytest.mark.django_db
D = datetime.date
HOLIDAYS_2027 = "元旦 2027-01-01 2027-01-03\n国庆节 2027-10-01 2027-10-07"
WORKDAYS_2027 = "国庆节调休 2027-10-09"


@pytest.fixture(autouse=True)
def fresh_years():
    """These tests load years; the other tests find the cache as it was."""
    before = dict(calendar._cache)
    calendar.forget_loaded_years()
    yield
    calendar._cache.update(before)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def complaint_on(actor, region, received_on) -> Complaint:
    return supervision.complaint_receive(
        actor=actor,
        region=region,
        received_on=received_on,
        channel="phone",
        rule="quota",
        subject="国庆前的投诉",
        content="内容",
        anonymous=True,
        respondent_kind="outside",
        respondent_name="某单位",
    )


def load_2027(client, **extra):
    data = {
        "year": 2027,
        "source": "国务院办公厅关于2027年部分节假日安排的通知",
        "holidays": HOLIDAYS_2027,
        "workdays": WORKDAYS_2027,
        **extra,
    }
    return client.post(reverse("calendar_load"), data)


def test_a_deadline_reaching_an_unloaded_year_is_provisional_not_silently_wrong():
    result = calendar.deadline(D(2026, 12, 28), 5)
    # weekends only: 1 January counted as a working day, so the date is provisional
    assert result.date == D(2027, 1, 4) and result.provisional and result.missing == (2027,)
    inside = calendar.deadline(D(2026, 9, 30), 5)
    assert inside.date == D(2026, 10, 13) and not inside.provisional


def test_loading_2027_recomputes_the_deadline_to_the_true_day(client_for, admin_user):
    assert calendar.is_provisional(D(2027, 1, 4))
    response = load_2027(client_for(admin_user))
    assert response.status_code == 302, response.context["form"].errors
    assert calendar.deadline(D(2026, 12, 28), 5) == calendar.Deadline(D(2027, 1, 5), False)
    assert CalendarYear.objects.filter(year=2027, loaded_by=admin_user).exists()
    assert CalendarDay.objects.filter(date__year=2027, kind="holiday").count() == 10
    assert CalendarDay.objects.get(date=D(2027, 10, 9)).kind == "workday"


def test_a_complaint_over_national_day_is_marked_then_recomputed_and_audited(
    client_for, admin_user, office_user, supervisor, yongnian
):
    complaint = complaint_on(office_user, yongnian, D(2027, 9, 28))
    # counted as if 1–7 October were working days: 4–5 days early, as the operator found
    assert complaint.assign_due_on == D(2027, 10, 5) and complaint.reply_due_on == D(2027, 10, 26)
    page = client_for(supervisor).get(reverse("supervision:complaint", args=[complaint.pk]))
    assert page.content.decode().count("deadline-provisional") == 2

    client = client_for(admin_user)
    load_2027(client)
    listing = client.get(reverse("calendar_years")).content.decode()
    assert "2027-11-01" in listing and 'id="calendar-changes"' in listing
    complaint.refresh_from_db()
    # 29, 30 Sep; 8, 9 (the adjusted Saturday), 11 Oct … after the holiday
    assert complaint.assign_due_on == D(2027, 10, 11)
    assert complaint.reply_due_on == D(2027, 11, 1)
    entries = AuditEntry.objects.filter(
        object_type="supervision.complaint",
        object_id=str(complaint.pk),
        detail__reason="calendar_loaded",
    )
    assert {tuple(e.detail["changes"].items())[0][0] for e in entries} == {
        "assign_due_on",
        "reply_due_on",
    }
    reply = next(e for e in entries if "reply_due_on" in e.detail["changes"])
    assert reply.detail["changes"]["reply_due_on"] == ["2027-10-26", "2027-11-01"]
    assert reply.username == admin_user.username
    page = client_for(supervisor).get(reverse("supervision:complaint", args=[complaint.pk]))
    assert "deadline-provisional" not in page.content.decode()


def test_the_printed_notice_marks_a_provisional_end(english):
    class Batch:
        starts_on, ends_on = D(2026, 12, 28), D(2027, 1, 4)
        region = type("R", (), {"name": "永年区"})()
        applications = type("M", (), {"all": lambda self: []})()

    text = render_to_string("pdf/certificates/notice_list.html", {"batch": Batch(), "rows": []})
    assert "2027年1月4日（provisional: the 2027 holidays are not loaded yet" in text


def today_is(monkeypatch, day):
    """Today (localdate() without a value) is `day`; localdate(value), as the password age
    check at login calls it, still converts its value."""
    real = holidays.timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else real(value, timezone)

    monkeypatch.setattr(holidays.timezone, "localdate", localdate)


def test_administrators_are_warned_from_1_november(
    monkeypatch, client_for, admin_user, office_user
):
    assert holidays.next_year_warning(D(2026, 10, 31)) is None
    assert holidays.next_year_warning(D(2026, 11, 1)) == 2027
    assert holidays.next_year_warning(D(2027, 2, 1)) == 2027  # the year itself is missing
    today_is(monkeypatch, D(2026, 11, 1))
    home = client_for(admin_user).get(reverse("home")).content.decode()
    assert reverse("calendar_load") in home and "2027" in home
    assert (
        reverse("calendar_load")
        not in client_for(office_user).get(reverse("home")).content.decode()
    )
    today_is(monkeypatch, D(2026, 10, 31))
    assert (
        reverse("calendar_load") not in client_for(admin_user).get(reverse("home")).content.decode()
    )


def test_a_weekday_given_as_adjusted_working_day_is_refused_and_nothing_saved(
    client_for, admin_user
):
    response = load_2027(client_for(admin_user), workdays="国庆节调休 2027-10-08")
    assert response.status_code == 200
    assert "本就是工作日" in str(response.context["form"].errors["__all__"])
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_a_line_without_a_date_is_refused_on_its_field(client_for, admin_user):
    response = load_2027(client_for(admin_user), holidays="元旦 一月一日")
    assert "请先写名称" in str(response.context["form"].errors["holidays"])
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_years_are_loaded_in_order_and_a_loaded_year_is_corrected_by_the_province(
    client_for, admin_user
):
    client = client_for(admin_user)
    response = load_2027(client, year=2029, holidays="元旦 2029-01-01", workdays="")
    assert "请按年份顺序录入" in str(response.context["form"].errors["year"])
    response = load_2027(client, year=2026, holidays="元旦 2026-01-01", workdays="")
    assert "省级管理员" in str(response.context["form"].errors["year"])
    assert CalendarDay.objects.filter(date__year=2026).count() > 1  # untouched


def test_a_year_loads_from_a_spreadsheet(client_for, admin_user):
    client = client_for(admin_user)
    template = client.get(reverse("calendar_template"))
    assert template.status_code == 200
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "类型", "名称"])
    sheet.append([datetime.datetime(2027, 1, 1), "放假", "元旦"])
    sheet.append(["2027-02-06", "上班", "春节调休"])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("2027.xlsx", buffer.getvalue())
    response = client.post(
        reverse("calendar_load"), {"year": 2027, "source": "通知", "file": upload}
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=D(2027, 2, 6)).kind == "workday"


def test_only_administrators_load_the_calendar(client_for, office_user):
    client = client_for(office_user)
    assert client.get(reverse("calendar_years")).status_code == 403
    assert load_2027(client).status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_calendar_page_lists_the_loaded_years(
    client_for, admin_user, django_assert_max_num_queries
):
    client = client_for(admin_user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("calendar_years"))
    assert page.status_code == 200 and "2026-10-01" in page.content.decode()
