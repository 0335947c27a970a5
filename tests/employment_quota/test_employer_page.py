"""Issue 14 build item 1: the employer's page and registration edit, and the audit year's wage
correction; both audited, both raising "recompute needed" until the levy job has run."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from cdpf import roles
from cdpf.messages import render_text
from cdpf.models import AuditEntry
from employment_quota import services
from employment_quota.levies import recompute_levies
from employment_quota.models import AuditYear, Employer
from tests.factories import make_user

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def approved(centre, audit_year, employer):
    declaration = services.declaration_save(
        actor=centre,
        audit_year=audit_year,
        employer=employer,
        staff=Decimal("100"),
        wage_bill=Decimal("6000000"),
        employees=[],
    )
    services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 1))
    return services.declaration_approve(actor=centre, declaration=declaration, on=D(2026, 4, 2))


def test_the_employer_page_shows_years_levies_and_documents(
    client_for, centre, approved, django_assert_max_num_queries
):
    client = client_for(centre)
    client.get(reverse("employment_quota:declaration_pdf", args=[approved.pk]))
    url = reverse("employment_quota:employer", args=[approved.employer_id])
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert approved.employer.credit_code in page and "81000.00" in page
    assert 'id="employer-documents"' in page and 'id="employer-reliefs"' in page
    employers = client.get(reverse("employment_quota:employers")).content.decode()
    assert url in employers


def test_the_employer_page_is_scoped_and_edited_by_the_centre_only(
    client_for, employer, office_user
):
    other = make_user("ct_labour", "130403", roles.LABOUR_SERVICE)
    for name in ("employer", "employer_edit"):
        url = reverse(f"employment_quota:{name}", args=[employer.pk])
        assert client_for(other).get(url).status_code == 404
        assert client_for(office_user).get(url).status_code == 403


def test_a_type_change_is_audited_and_marks_the_year(client_for, centre, approved):
    employer = approved.employer
    url = reverse("employment_quota:employer_edit", args=[employer.pk])
    data = {"name": employer.name, "employer_type": "institution", "address": employer.address}
    bad = client_for(centre).post(url, {**data, "name": ""})
    assert bad.status_code == 400 and bad.context["form"].errors["name"]
    assert Employer.objects.get(pk=employer.pk).employer_type == "enterprise"
    response = client_for(centre).post(url, data)
    assert response.status_code == 302, response.content.decode()[-500:]
    assert response["Location"] == reverse("employment_quota:employer", args=[employer.pk])
    assert Employer.objects.get(pk=employer.pk).employer_type == "institution"
    assert AuditEntry.objects.filter(
        object_type="employment_quota.employer", object_id=str(employer.pk), action="update"
    ).exists()
    year = AuditYear.objects.get(pk=approved.audit_year_id)
    with translation.override("zh-hans"):  # kept as a message: read in the reader's language
        assert "改为“事业单位”" in render_text(year.recompute_needed)
    with translation.override("en"):
        assert "to Public institution" in render_text(year.recompute_needed)


def test_the_wage_is_corrected_audited_and_the_year_recomputed(
    client_for, centre, approved, office_user
):
    year = approved.audit_year
    url = reverse("employment_quota:year_wage", args=[year.pk])
    client = client_for(centre)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"local_average_wage": "0", "reason": "统计公报"})
    assert bad.status_code == 400 and bad.context["form"].errors["local_average_wage"]
    no_reason = client.post(url, {"local_average_wage": "20000", "reason": ""})
    assert no_reason.status_code == 400
    assert AuditYear.objects.get(pk=year.pk).local_average_wage == Decimal("45000")
    assert client_for(office_user).post(url, {"local_average_wage": "1"}).status_code == 403
    other = make_user("ct_labour", "130403", roles.LABOUR_SERVICE)
    assert client_for(other).get(url).status_code == 404
    client = client_for(centre)  # the fixture's one client signs in as each user in turn
    response = client.post(url, {"local_average_wage": "20000", "reason": "2025年统计公报更正"})
    assert response["Location"] == reverse("employment_quota:year", args=[year.pk])
    year.refresh_from_db()
    assert year.local_average_wage == Decimal("20000") and "45,000.00" in year.recompute_needed
    assert AuditEntry.objects.filter(
        object_type="employment_quota.audityear", object_id=str(year.pk), action="update"
    ).exists()
    page = client.get(reverse("employment_quota:year", args=[year.pk])).content.decode()
    assert 'id="recompute-needed"' in page
    recompute_levies(year=2025, region=year.region, actor=centre)
    year.refresh_from_db()
    assert year.recompute_needed == ""
    page = client.get(reverse("employment_quota:year", args=[year.pk])).content.decode()
    assert 'id="recompute-needed"' not in page


def test_the_employer_list_is_headed_for_employers(client_for, centre, employer):
    # issue 14: the employer list was headed 姓名 / 住址 (a person's words)
    html = client_for(centre).get(reverse("employment_quota:employers")).content.decode()
    head = html[html.index("<thead>") : html.index("</thead>")]
    assert "单位名称" in head and "单位地址" in head
    assert "姓名" not in head and "住址" not in head
