"""Reading the audit log (issue 19 item 15): what changed, before and after, in the reader's
language; object types chosen by their Chinese names; a reversed date range is an error that
lists nothing; dates filter by local day; the filtered log exports to xlsx."""

import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from cdpf import audit
from cdpf.models import AuditEntry, CalendarDay, PolicyParameter
from cdpf.selectors import audit_range_filter

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def entry_at(when: datetime.datetime, **fields) -> AuditEntry:
    entry = audit.record(action=fields.pop("action", "update"), **fields)
    AuditEntry.objects.filter(pk=entry.pk).update(at=when, region_code="130408")
    return entry


def test_a_reversed_date_range_is_an_error_and_lists_nothing(client, audit_admin):
    audit.record(action="login", user=audit_admin)
    client.force_login(audit_admin)
    response = client.get(
        reverse("audit_log"), {"date_from": "2026-11-30", "date_to": "2026-11-01"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "截止日期早于起始日期" in html
    assert response.context["page"].paginator.count == 0


def test_dates_filter_by_the_local_day(client, audit_admin):
    late_evening = datetime.datetime(2026, 11, 29, 23, 30, tzinfo=SHANGHAI)
    next_morning = datetime.datetime(2026, 11, 30, 0, 30, tzinfo=SHANGHAI)
    first = entry_at(late_evening, user=audit_admin, object_repr="晚上")
    entry_at(next_morning, user=audit_admin, object_repr="早上")
    client.force_login(audit_admin)
    response = client.get(
        reverse("audit_log"), {"date_from": "2026-11-29", "date_to": "2026-11-29"}
    )
    assert [e.pk for e in response.context["page"]] == [first.pk]


def test_date_filters_compare_the_time_column_itself_so_its_index_serves():
    lookup = audit_range_filter(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert set(lookup) == {"at__gte", "at__lt"}
    assert lookup["at__gte"] == datetime.datetime(2026, 11, 1, tzinfo=SHANGHAI)
    assert lookup["at__lt"] == datetime.datetime(2026, 12, 1, tzinfo=SHANGHAI)


def test_the_object_type_is_chosen_by_its_chinese_name(client, audit_admin):
    with audit.acting_as(audit_admin):
        day = CalendarDay.objects.create(
            date=datetime.date(2027, 1, 1), kind="holiday", name="元旦"
        )
    client.force_login(audit_admin)
    page = client.get(reverse("audit_log")).content.decode()
    assert '<option value="cdpf.calendarday">日历日</option>' in page
    response = client.get(reverse("audit_log"), {"object_type": "cdpf.calendarday"})
    assert [e.object_id for e in response.context["page"]] == [str(day.pk)]
    assert "cdpf.calendarday" not in response.content.decode().split("</select>")[-1]


def test_an_unknown_object_type_is_refused_and_lists_nothing(client, audit_admin):
    audit.record(action="login", user=audit_admin)
    client.force_login(audit_admin)
    response = client.get(reverse("audit_log"), {"object_type": "person"})
    assert response.context["page"].paginator.count == 0
    assert "选择一个有效的选项" in response.content.decode()


def test_a_change_shows_each_field_before_and_after_in_chinese(client, audit_admin):
    parameter = PolicyParameter.objects.filter(confirmed=True).first()
    client.force_login(audit_admin)
    with audit.acting_as(audit_admin):
        parameter.confirmed = False
        parameter.save()
    html = client.get(reverse("audit_log"), {"object_type": "cdpf.policyparameter"}).content
    html = html.decode()
    label = str(PolicyParameter._meta.get_field("confirmed").verbose_name)
    with translation.override("zh-hans"):
        label = str(PolicyParameter._meta.get_field("confirmed").verbose_name)
    assert f"{label}：是 → 否" in html
    assert "True" not in html and "False" not in html


def test_a_failed_sign_in_reads_in_chinese(client, audit_admin):
    client.post(reverse("login"), {"username": "yn_admin", "password": "wrong"})
    client.force_login(audit_admin)
    table = client.get(reverse("audit_log")).content.decode().split("<tbody>")[1]
    assert "登录失败" in table and "login_failed" not in table


def test_object_names_are_shown_in_the_readers_language(client, audit_admin):
    with translation.override("en"), audit.acting_as(audit_admin):
        CalendarDay.objects.create(date=datetime.date(2027, 1, 2), kind="workday", name="调休")
    client.force_login(audit_admin)
    html = client.get(reverse("audit_log"), {"object_type": "cdpf.calendarday"}).content.decode()
    with translation.override("zh-hans"):
        chinese = str(CalendarDay.Kind.WORKDAY.label)
    assert chinese in html and "Extra working day" not in html
    client.cookies["django_language"] = "en"
    html = client.get(reverse("audit_log"), {"object_type": "cdpf.calendarday"}).content.decode()
    assert "Extra working day" in html


def test_the_filtered_log_exports_to_xlsx_and_the_export_is_audited(client, audit_admin):
    with audit.acting_as(audit_admin):
        CalendarDay.objects.create(date=datetime.date(2027, 1, 3), kind="holiday", name="元旦")
    audit.record(action="login", user=audit_admin)
    client.force_login(audit_admin)
    response = client.get(reverse("audit_log_export"), {"object_type": "cdpf.calendarday"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("时间", "用户", "操作", "对象类型")
    assert len(rows) == 2 and rows[1][2] == "新增" and rows[1][3] == "日历日"
    assert "元旦" in rows[1][4]
    assert AuditEntry.objects.filter(action="export", object_type="cdpf.auditentry").exists()


def test_a_reversed_range_exports_nothing(client, audit_admin):
    client.force_login(audit_admin)
    response = client.get(
        reverse("audit_log_export"), {"date_from": "2026-11-30", "date_to": "2026-11-01"}
    )
    assert response.status_code == 400


def test_the_export_is_refused_to_other_roles(client, office_user):
    client.force_login(office_user)
    assert client.get(reverse("audit_log_export")).status_code == 403


def test_the_log_list_takes_a_fixed_number_of_queries(
    client, audit_admin, django_assert_max_num_queries
):
    for n in range(30):
        with audit.acting_as(audit_admin):
            CalendarDay.objects.create(
                date=datetime.date(2028, 1, 1) + datetime.timedelta(n),
                kind="holiday",
                name=f"假日{n}",
            )
    client.force_login(audit_admin)
    with django_assert_max_num_queries(8):
        client.get(reverse("audit_log"))


def test_the_system_administrator_reads_no_audit_log(client, admin_user):
    # 三员分立 (issue 15): the audit log is the audit administrator's and the supervisors'
    client.force_login(admin_user)
    assert client.get(reverse("audit_log")).status_code == 403
    assert client.get(reverse("audit_log_export")).status_code == 403
