"""The renewal list, the export and the registry import."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cdpf.models import AuditEntry, Job
from certificates.models import Certificate, Person
from tests.factories import (
    ADULT_ID,
    id_number,
    make_user,
    print_renewals,
    register_upload,
    register_workbook,
)
from tests.pdf_utils import pdf_text

pytestmark = pytest.mark.django_db
HEADER = [
    "身份证号",
    "姓名",
    "村（社区）",
    "住址",
    "残疾人证号",
    "发证日期",
    "有效期至",
    "联系电话",
]


def test_the_renewal_list_shows_what_expires_soon(
    client_for,
    flow,
    person_factory,
    office_user,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    soon = flow("approved").certificate
    soon.expiry_date = timezone.localdate() + datetime.timedelta(days=30)
    soon.save()
    flow("approved", person=person_factory(number=id_number("19900101", "031"), name="李四"))
    client = client_for(office_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("certificates:renewals"), {"days": "60"})
    assert [c.pk for c in response.context["page"]] == [soon.pk]
    assert "130408********0018" in response.content.decode()
    bad = client.get(reverse("certificates:renewals"), {"days": "0"})
    assert bad.status_code == 200 and bad.context["form"].errors["days"]

    text = pdf_text(print_renewals(client, "60", django_capture_on_commit_callbacks))
    assert "到期换领名单" in text and "王喆" in text and "李四" not in text


def test_an_empty_renewal_list_says_so_on_paper(
    client_for, office_user, django_capture_on_commit_callbacks
):
    """The look-through (decision 0140): with nothing expiring the printed list was a bare row of
    headings, which reads like a failed print. (The list is laid out by a job, decision 0190.)"""

    content = print_renewals(client_for(office_user), "60", django_capture_on_commit_callbacks)
    assert "此期间内没有到期的残疾人证" in "".join(pdf_text(content).split())


def test_export_is_logged_neutralised_and_scoped(client_for, flow, office_user, person_factory):
    flow("approved", person=person_factory(name='=HYPERLINK("x")'))
    response = client_for(office_user).get(reverse("certificates:export"))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][0] == "身份证号" and rows[1][0] == ADULT_ID
    assert rows[1][1].startswith("'=")
    assert AuditEntry.objects.filter(
        action="export", object_type="certificates.certificate"
    ).exists()


def test_supervisors_may_not_export(client_for, supervisor):
    assert client_for(supervisor).get(reverse("certificates:export")).status_code == 403


def test_a_clean_registry_imports_after_a_dry_run(
    client_for, office_user, django_capture_on_commit_callbacks
):
    content = register_workbook(
        [
            [
                ADULT_ID,
                "王喆",
                "东街村",
                "东街村1号",
                ADULT_ID + "42",
                "2020-05-08",
                "2030-05-08",
                13800000000,
            ],
            [
                id_number("19900101", "041"),
                "李堃",
                "西街村",
                "西街村2号",
                id_number("19900101", "041") + "13",
                datetime.date(2019, 1, 2),
                "2029-01-02",
                "",
            ],
        ]
    )
    client = client_for(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        register_upload(client, content)
    dry = Job.objects.get()
    assert dry.status == "succeeded", (dry.message, dry.errors)
    assert dry.result["new"] == 2 and not Person.objects.exists()
    page = client.get(reverse("job_detail", args=[dry.pk])).content.decode()
    assert reverse("certificates:import_apply", args=[dry.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:import_apply", args=[dry.pk]))
    applied = Job.objects.exclude(pk=dry.pk).get()
    assert applied.status == "succeeded", applied.errors
    assert Certificate.objects.by_number(ADULT_ID + "42").get().person.phone == "13800000000"
    assert Certificate.objects.filter(status="valid").count() == 2
    assert AuditEntry.objects.filter(action="import", object_type="certificates.person").exists()


def test_one_bad_row_stops_the_import_and_every_bad_row_is_listed(
    client_for, office_user, person_factory, django_capture_on_commit_callbacks
):
    person_factory()  # already registered
    content = register_workbook(
        [
            [ADULT_ID, "王喆", "东街村", "东街村1号", ADULT_ID + "42", "2020-05-08", "2030-05-08"],
            [
                "130408198503150017",
                "甲",
                "村",
                "址",
                "13040819850315001742",
                "2020-05-08",
                "2030-05-08",
            ],
            [
                id_number("19900101", "041"),
                "乙",
                "村",
                "址",
                id_number("19900101", "051") + "13",
                "2020-05-08",
                "2030-05-08",
            ],
            [
                id_number("19900101", "061"),
                "丙",
                "村",
                "址",
                id_number("19900101", "061") + "13",
                "not a date",
                "2030-05-08",
            ],
            [
                id_number("19900101", "071"),
                "丁",
                "村",
                "址",
                id_number("19900101", "071") + "13",
                "2020-05-08",
                "2030-05-08",
            ],
            [
                id_number("19900101", "071"),
                "丁",
                "村",
                "址",
                id_number("19900101", "071") + "13",
                "2020-05-08",
                "2030-05-08",
            ],
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        register_upload(client_for(office_user), content)
    job = Job.objects.get()
    assert job.status == "failed"
    rows = {e["row"]: " ".join(e["messages"]) for e in job.errors}
    assert set(rows) == {2, 3, 4, 5, 7}
    assert "已在档案中" in rows[2]
    assert Person.objects.count() == 1 and not Certificate.objects.exists()


def test_a_non_xlsx_upload_is_refused_on_the_page(client_for, office_user):
    response = client_for(office_user).post(
        reverse("certificates:import"),
        {"file": SimpleUploadedFile("r.csv", b"a,b", content_type="text/csv")},
    )
    assert response.status_code == 400 and response.context["form"].errors["file"]
    assert not Job.objects.exists()


def test_the_template_has_the_required_columns(client_for, office_user):
    response = client_for(office_user).get(reverse("certificates:import_template"))
    header = next(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert set(HEADER[:7]) <= set(header)


def test_only_the_office_imports(client_for, supervisor):
    assert client_for(supervisor).get(reverse("certificates:import")).status_code == 403


def test_a_one_character_name_search_is_refused_with_a_clear_error(client, db):

    client.force_login(make_user("office-short", "130408", "office"))
    response = client.get(reverse("certificates:index"), {"q": "王"})
    assert response.status_code == 200
    assert response.context["form"].has_error("q", "too_short")
    assert 'aria-invalid="true"' in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_an_export_of_an_invalid_search_exports_nothing(client, db):

    client.force_login(make_user("office-export", "130408", "office"))
    response = client.get(reverse("certificates:export"), {"q": "王"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("certificates:index"))
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()
