"""The supervisor dashboard: figures by rate band and employer type, the trend, drill-down to
the employers behind each figure, the printed version; and the yearly levy job."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from cdpf import roles
from cdpf.jobs import run
from cdpf.models import AuditEntry, GeneratedDocument, Job
from employment_quota.figures import compute
from employment_quota.levies import recompute_levies
from employment_quota.models import AuditYear, Declaration
from tests.factories import make_user
from tests.pdf_utils import pdf_text, printed_in_job

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_figures_by_band_and_type(client_for, supervisor, landscape):
    response = client_for(supervisor).get(reverse("employment_quota:dashboard"), {"year": "2025"})
    f = response.context["f"]
    # issue 14: 申报单位 counted the centre's draft; a draft is not yet a declaration
    assert (f["employers"], f["declared"], f["approved"], f["undeclared"]) == (5, 3, 3, 2)
    # the small enterprise falls short but is exempt: below the ratio, in the 0 % band
    assert (f["meeting"], f["not_meeting"], f["headcount"]) == (1, 2, 2)
    ninety = landscape["ninety"]
    # 100 staff, none employed: shortfall 1.5 × 60,000 × 0.9
    assert ninety.amount_due == Decimal("81000.00") and f["due"] == Decimal("81000.00")
    bands = {b["percent"]: (b["n"], b["due"]) for b in f["bands"]}
    assert bands == {100: (0, 0), 90: (1, Decimal("81000.00")), 50: (0, 0), 0: (2, 0)}
    types = {t["type"]: (t["n"], t["due"]) for t in f["by_type"]}
    assert types["enterprise"] == (2, Decimal("81000.00")) and types["institution"] == (1, 0)
    assert types["state_organ"] == (0, 0)
    trend = {t["year"]: (t["approved"], t["due"]) for t in response.context["trend"]}
    assert trend[2023] == (0, 0) and trend[2024][0] == 1 and trend[2025][0] == 3
    html = response.content.decode()
    assert html.count("<svg") == 3 and html.count("<caption>") >= 3
    drill = reverse("employment_quota:dashboard_list")
    assert f"{drill}?year=2025&amp;rate=0.90" in html or f"{drill}?year=2025&amp;rate=0.9" in html
    assert f"{drill}?year=2025&amp;type=institution" in html


def test_every_figure_drills_down_to_its_employers(client_for, supervisor, landscape):
    client = client_for(supervisor)
    url = reverse("employment_quota:dashboard_list")

    def names(**params):
        page = client.get(url, {"year": "2025", **params}).context["page"]
        return sorted(d.employer.name for d in page)

    assert names(rate="0.90") == ["永年区示范企业有限公司"]
    assert names(rate="0.00") == ["永年区医院", "永年区小微企业"]
    assert names(type="institution") == ["永年区医院"]
    assert names(meeting="1") == ["永年区医院"]
    assert names(meeting="0") == ["永年区小微企业", "永年区示范企业有限公司"]
    assert names(employed="1") == ["永年区医院"]
    assert names(state="draft") == ["永年区协会"]
    assert names(late="1") == []
    assert "丛台区企业" not in names()
    # issue 14: the chips showed `late=0`, `rate=0.9`
    chips = client.get(url, {"year": "2025", "late": "0", "rate": "0.9", "type": "enterprise"})
    assert chips.context["filter_labels"] == ["按期申报", "按应缴额的 90% 征收", "单位类型：企业"]
    html = chips.content.decode()
    assert "late=0" not in html.replace("&amp;", "&").split("<table")[0].split("</h1>")[1]
    missing = client.get(reverse("employment_quota:employers"), {"missing": "2025"})
    assert [e.name for e in missing.context["page"]] == ["永年区协会", "永年区某局"]
    assert "永年区协会" not in names(declared="1")


def test_a_city_supervisor_sees_both_districts(client_for, city_supervisor, landscape):
    response = client_for(city_supervisor).get(
        reverse("employment_quota:dashboard"), {"year": "2025"}
    )
    assert response.context["f"]["approved"] == 4


def test_bad_filters_and_years(client_for, supervisor, landscape):
    client = client_for(supervisor)
    url = reverse("employment_quota:dashboard_list")
    response = client.get(url, {"year": "2025", "rate": "abc", "type": "no"})
    assert response.status_code == 200 and response.context["filters"] == {}
    assert len(response.context["page"]) == 4
    assert "无法识别该筛选条件" in response.content.decode()
    assert client.get(reverse("employment_quota:dashboard"), {"year": "x"}).status_code == 404
    assert client.get(url, {"year": "99999"}).status_code == 404
    pdf = client.post(reverse("employment_quota:dashboard_pdf"), {"year": "abc"})
    assert pdf.status_code == 404 and not GeneratedDocument.objects.exists()
    assert not Job.objects.exists()


def test_the_pages_pin_their_queries(client_for, supervisor, landscape, page_queries):
    client = client_for(supervisor)
    client.get(reverse("employment_quota:dashboard"), {"year": "2025"})  # warm the session
    with page_queries(6):  # the regions and the three years' figures read once
        client.get(reverse("employment_quota:dashboard"), {"year": "2025"})
    with page_queries(7):
        client.get(reverse("employment_quota:dashboard_list"), {"year": "2025"})
    with page_queries(7):
        client.get(reverse("employment_quota:dashboard_list"), {"year": "2025", "rate": "0"})


def test_the_printed_dashboard(client_for, supervisor, landscape):
    content = printed_in_job(
        client_for(supervisor), reverse("employment_quota:dashboard_pdf"), {"year": "2025"}
    )
    text = "".join(pdf_text(content).split())
    assert "按比例安排残疾人就业年审统计" in text and "2025年度" in text
    assert "81000.00" in text and "事业单位" in text and "2024" in text
    document = GeneratedDocument.objects.get(kind="quota_dashboard")
    assert document.number.startswith("NSTJ-")
    assert AuditEntry.objects.filter(action="print", object_id=str(document.pk)).exists()


def test_roles_on_the_dashboard_pages(client_for, office_user, landscape):
    client = client_for(office_user)
    for name in ("dashboard", "dashboard_list"):
        assert client.get(reverse(f"employment_quota:{name}")).status_code == 403
    assert client.post(reverse("employment_quota:dashboard_pdf")).status_code == 403


def test_the_levy_job_recomputes_every_approved_levy(client_for, centre, landscape, yongnian):
    year = landscape["ninety"].audit_year
    # a set-based recomputation of what approval computed one by one changes nothing
    unchanged = recompute_levies(year=2025, region=yongnian, actor=centre)
    assert unchanged == {
        "year": 2025,
        "declarations": 3,
        "changed": 0,
        "amount_due": "81000.00",
        "levy_changes": [],
        "reviews": [],
    }
    # the local average wage is corrected to 20,000: the employer's 60,000 is now capped
    AuditYear.objects.filter(pk=year.pk).update(local_average_wage=Decimal("20000"))
    client = client_for(centre)
    response = client.post(reverse("employment_quota:levies_recompute", args=[year.pk]))
    job = Job.objects.get(kind="employment_quota.recompute_levies")
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    run(job.pk)
    job.refresh_from_db()
    # all three 永年 declarations now use the capped average wage; one of them owes a levy
    assert job.status == "succeeded" and job.result["changed"] == 3
    assert job.result["amount_due"] == "54000.00"
    shown = {c["declaration"]: c for c in job.result["levy_changes"]}
    assert shown[landscape["ninety"].pk] == {
        "declaration": landscape["ninety"].pk,
        "employer": "永年区示范企业有限公司",
        "before": "81000.00",
        "after": "54000.00",
    }
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "81000.00" in page and "54000.00" in page and "永年区示范企业有限公司" in page
    # issue 14: the job page used the duty register's words
    assert "具体工作事项" not in page and "应缴保障金" in page
    ninety = Declaration.objects.get(pk=landscape["ninety"].pk)
    # the average wage 60,000 is now capped at 2 × 20,000: 1.5 × 40,000 × 0.9
    assert ninety.amount_due == Decimal("54000.00") and ninety.average_wage == Decimal("40000")
    assert any("40,000.00" in step for step in ninety.explanation)
    change = AuditEntry.objects.get(
        object_type="employment_quota.declaration",
        object_id=str(ninety.pk),
        action="update",
        detail__source="levy recomputation",
    )
    assert change.detail["changes"]["amount_due"] == ["81000.00", "54000.00"]
    assert AuditEntry.objects.filter(object_type="employment_quota.levy_run").count() == 2
    # 丛台区 is untouched
    assert Declaration.objects.get(pk=landscape["other"].pk).amount_due == Decimal("81000.00")


def test_the_levy_job_is_the_centres_in_its_own_district(client_for, supervisor, landscape):
    year = landscape["ninety"].audit_year
    url = reverse("employment_quota:levies_recompute", args=[year.pk])
    assert client_for(supervisor).post(url).status_code == 403
    other = client_for(make_user("ct_labour2", "130403", roles.LABOUR_SERVICE))
    assert other.post(url).status_code == 404
    assert not Job.objects.exists()


def test_the_kept_figures_follow_every_change_and_heal(client_for, centre, supervisor, landscape):
    for year in AuditYear.objects.all():
        assert year.figures == compute(year.pk)  # kept current by every save above
    AuditYear.objects.update(figures={})  # e.g. written before the figures existed
    response = client_for(supervisor).get(reverse("employment_quota:dashboard"), {"year": "2025"})
    assert response.context["f"]["approved"] == 3 and response.context["f"]["headcount"] == 2
    Declaration.objects.get(pk=landscape["ninety"].pk).delete()
    again = client_for(supervisor).get(reverse("employment_quota:dashboard"), {"year": "2025"})
    assert again.context["f"]["approved"] == 2 and again.context["f"]["due"] == 0


def test_the_on_time_and_late_rows_say_what_their_drill_down_chips_say(
    client_for, supervisor, landscape
):
    """Lateness follows the date the declaration was received (issue 14): the dashboard's rows
    said 按期审核认定 while the list they open is headed 按期申报. Each row begins with its chip."""
    client = client_for(supervisor)
    html = client.get(reverse("employment_quota:dashboard"), {"year": "2025"}).content.decode()
    drill = reverse("employment_quota:dashboard_list")
    for value in ("0", "1"):
        row = re.search(
            rf'<th scope="row">([^<]+)</th><td[^>]*><a href="{drill}\?year=2025&amp;late={value}"',
            html,
        )
        assert row, value
        chips = client.get(drill, {"year": "2025", "late": value}).context["filter_labels"]
        assert row.group(1).startswith(chips[0]), (row.group(1), chips)
    assert "按期审核认定" not in html
    printed = printed_in_job(client, reverse("employment_quota:dashboard_pdf"), {"year": "2025"})
    assert "按期申报/逾期申报" in "".join(pdf_text(printed).split())
