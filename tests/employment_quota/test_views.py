import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from cdpf import roles
from employment_quota import services
from employment_quota.models import AuditYear, Declaration, Employer
from tests.factories import make_user, post_declaration
from tests.pdf_utils import pdf_text

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_centre_opens_a_year(client_for, centre):
    response = client_for(centre).post(
        reverse("employment_quota:year_open"), {"year": "2025", "local_average_wage": "45000"}
    )
    year = AuditYear.objects.get()
    assert response["Location"] == reverse("employment_quota:year", args=[year.pk])
    again = client_for(centre).post(
        reverse("employment_quota:year_open"), {"year": "2025", "local_average_wage": "45000"}
    )
    assert again.status_code == 400 and AuditYear.objects.count() == 1


def test_a_bad_wage_is_a_field_error(client_for, centre):
    response = client_for(centre).post(
        reverse("employment_quota:year_open"), {"year": "2025", "local_average_wage": "-1"}
    )
    assert response.status_code == 400 and response.context["form"].errors["local_average_wage"]


def test_register_an_employer_and_refuse_a_bad_code(client_for, centre):
    client = client_for(centre)
    bad = client.post(
        reverse("employment_quota:employer_new"),
        {
            "credit_code": "91350100M000100Y44",
            "name": "甲公司",
            "employer_type": "enterprise",
            "address": "永年区",
        },
    )
    assert bad.status_code == 400 and "3" in " ".join(bad.context["form"].errors["credit_code"])
    assert not Employer.objects.exists()
    good = client.post(
        reverse("employment_quota:employer_new"),
        {
            "credit_code": "91350100M000100Y43",
            "name": "甲公司",
            "employer_type": "enterprise",
            "address": "永年区",
        },
    )
    assert good.status_code == 302 and Employer.objects.get().region.code == "130408"


def test_the_declaration_flow_to_the_printed_decision(
    client_for, centre, audit_year, employer, holder
):
    AuditYear.objects.filter(pk=audit_year.pk).update(closes_on=D(2099, 12, 31))  # still open
    client = client_for(centre)
    response = post_declaration(client, audit_year, employer, holder, range(1, 13))
    declaration = Declaration.objects.get()
    assert response["Location"] == reverse("employment_quota:declaration", args=[declaration.pk])
    for step in ("submit", "approve"):
        client.post(reverse("employment_quota:step", args=[declaration.pk, step]))
    declaration.refresh_from_db()
    assert declaration.state == "approved"
    page = client.get(reverse("employment_quota:declaration", args=[declaration.pk]))
    assert "一至二级按2人计算" in page.content.decode() and not declaration.late
    text = "".join(
        pdf_text(
            client.get(reverse("employment_quota:declaration_pdf", args=[declaration.pk])).content
        ).split()
    )
    assert "按比例安排残疾人就业审核认定表" in text and employer.name in text
    # minimum necessary (issue 15 item 3): masked as on the page, category and grade kept
    assert holder.masked_number in text and holder.number not in text


def test_a_cancelled_certificate_is_refused_on_the_page_and_nothing_saved(
    client_for, centre, audit_year, employer, holder
):
    holder.status, holder.status_changed_on = "cancelled", D(2025, 3, 15)
    holder.save()
    response = post_declaration(client_for(centre), audit_year, employer, holder, [5])
    assert response.status_code == 400
    assert "5" in " ".join(response.context["form"].non_field_errors())
    assert not Declaration.objects.exists()


def test_the_tax_list_matches_the_decisions(client_for, centre, audit_year, employer, holder):
    client = client_for(centre)
    post_declaration(client, audit_year, employer, holder, [1, 2, 3])
    declaration = Declaration.objects.get()
    services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 1))
    services.declaration_approve(actor=centre, declaration=declaration, on=D(2026, 4, 2))
    declaration.refresh_from_db()
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("employment_quota:tax_list", args=[audit_year.pk])).content)
    ).active
    rows = list(sheet.values)
    assert rows[0][0] == "统一社会信用代码" and rows[1][0] == employer.credit_code
    assert Decimal(str(rows[1][8])) == declaration.amount_due
    # grade 2 for 3 months counts 0.5; 100 staff: shortfall 1; ratio 0.5% → 0.9 × 60,000
    assert declaration.amount_due == Decimal("54000.00")


def test_the_dashboard_counts_and_drills_down(
    client_for, centre, supervisor, audit_year, employer, holder, django_assert_max_num_queries
):
    post_declaration(client_for(centre), audit_year, employer, holder, range(1, 13))
    declaration = Declaration.objects.get()
    services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 1))
    services.declaration_approve(actor=centre, declaration=declaration, on=D(2026, 4, 2))
    client = client_for(supervisor)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("employment_quota:dashboard"), {"year": "2025"})
    figures = response.context["f"]
    assert figures["approved"] == 1 and figures["meeting"] == 1 and figures["headcount"] == 1
    assert "<svg" in response.content.decode()
    drill = client.get(reverse("employment_quota:year", args=[audit_year.pk]), {"meeting": "1"})
    assert [d.pk for d in drill.context["page"]] == [declaration.pk]


def test_lists_pin_their_query_counts(
    client_for, centre, audit_year, employer, django_assert_max_num_queries
):
    client = client_for(centre)
    with django_assert_max_num_queries(10):
        client.get(reverse("employment_quota:employers"))
    with django_assert_max_num_queries(10):
        client.get(reverse("employment_quota:year", args=[audit_year.pk]))
    with django_assert_max_num_queries(10):
        client.get(reverse("employment_quota:index"))


def test_another_district_is_404_and_wrong_roles_403(
    client_for, centre, audit_year, employer, holder, office_user
):
    post_declaration(client_for(centre), audit_year, employer, holder, [1])
    declaration = Declaration.objects.get()
    other = make_user("ct_labour", "130403", roles.LABOUR_SERVICE)
    client = client_for(other)
    assert client.get(reverse("employment_quota:year", args=[audit_year.pk])).status_code == 404
    assert (
        client.get(reverse("employment_quota:declaration", args=[declaration.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("employment_quota:step", args=[declaration.pk, "submit"])).status_code
        == 404
    )
    office = client_for(office_user)
    assert office.get(reverse("employment_quota:index")).status_code == 403
    supervisor = make_user("sup2", "130408", roles.SUPERVISOR)
    assert (
        client_for(supervisor)
        .post(reverse("employment_quota:step", args=[declaration.pk, "submit"]))
        .status_code
        == 403
    )


def test_the_average_staff_from_twelve_monthly_counts(
    client_for, centre, audit_year, employer, holder
):
    client = client_for(centre)
    counts = "100,100,100,100,100,100,110,110,110,110,110,110"
    response = post_declaration(
        client, audit_year, employer, holder, [1], staff="", monthly_staff=counts
    )
    assert response.status_code == 302
    assert Declaration.objects.get().staff == Decimal("105.00")


def test_bad_monthly_counts_are_refused_and_nothing_saved(
    client_for, centre, audit_year, employer, holder
):
    client = client_for(centre)
    short = post_declaration(client, audit_year, employer, holder, [1], monthly_staff="1,2,3")
    assert short.status_code == 400 and short.context["form"].errors["monthly_staff"]
    other = post_declaration(
        client, audit_year, employer, holder, [1], staff="90", monthly_staff=",".join(["100"] * 12)
    )
    assert other.status_code == 400 and "100.00" in " ".join(other.context["form"].errors["staff"])
    neither = post_declaration(client, audit_year, employer, holder, [1], staff="")
    assert neither.status_code == 400 and neither.context["form"].errors["staff"]
    assert not Declaration.objects.exists()


def test_a_year_before_the_window_parameters_is_explained_not_500(client_for, centre):
    # the audit window is a parameter from 2020: the 2018 audit (held in 2019) has none
    response = client_for(centre).post(
        reverse("employment_quota:year_open"), {"year": "2018", "local_average_wage": "45000"}
    )
    assert response.status_code == 400
    assert "quota.audit_window_start" in " ".join(response.context["form"].non_field_errors())
    assert not AuditYear.objects.exists()


def test_approving_without_a_minimum_wage_in_force_is_explained_not_500(
    client_for, centre, yongnian, employer, holder
):
    # the minimum wage is a parameter from 2023: a 2022 declaration cannot be judged against it
    year = services.audit_year_open(
        actor=centre,
        region=yongnian,
        year=2022,
        local_average_wage=Decimal("45000"),
        today=D(2023, 3, 1),
    )
    AuditYear.objects.filter(pk=year.pk).update(closes_on=D(2099, 12, 31))
    client = client_for(centre)
    post_declaration(client, year, employer, holder, range(1, 13))
    declaration = Declaration.objects.get()
    client.post(reverse("employment_quota:step", args=[declaration.pk, "submit"]))
    response = client.post(
        reverse("employment_quota:step", args=[declaration.pk, "approve"]), follow=True
    )
    assert response.status_code == 200
    assert "quota.minimum_wage_monthly" in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.state == "submitted"


def test_the_declaration_page_masks_the_certificate_numbers(
    client_for, centre, audit_year, employer, holder
):
    post_declaration(client_for(centre), audit_year, employer, holder, range(1, 13))
    declaration = Declaration.objects.get()
    page = client_for(centre).get(reverse("employment_quota:declaration", args=[declaration.pk]))
    text = page.content.decode()
    assert holder.number not in text and holder.masked_number in text


@pytest.mark.parametrize("rate", ["1e999999", "NaN", "-Infinity", "2"])
def test_a_drill_down_with_an_impossible_rate_shows_every_declaration(
    client_for, supervisor, audit_year, rate
):
    response = client_for(supervisor).get(
        reverse("employment_quota:dashboard_list"), {"year": "2025", "rate": rate}
    )
    assert response.status_code == 200 and response.context["filters"] == {}


def test_a_nul_character_in_the_address_is_no_server_error(client_for, supervisor, audit_year):
    client = client_for(supervisor)
    assert client.get(reverse("employment_quota:employers"), {"q": "a\x00b"}).status_code == 200
    year = client.get(reverse("employment_quota:year", args=[audit_year.pk]), {"state": "\x00"})
    assert year.status_code == 200


def test_the_blank_extra_lines_of_the_form_are_ignored(client_for, centre, audit_year, employer):
    """The page shows two blank employee lines; left untouched, the browser still sends their
    defaults (employment form 编制内, counts here ticked): an employer without disabled employees
    is saved, not refused with 'required' errors on lines nobody filled in."""
    client = client_for(centre)
    page = client.get(reverse("employment_quota:declaration_new", args=[audit_year.pk]))
    assert page.context["formset"].total_form_count() == 2
    data = {
        "employer": employer.pk,
        "staff": "100",
        "wage_bill": "6000000",
        "employees-TOTAL_FORMS": "2",
        "employees-INITIAL_FORMS": "0",
        "employees-MIN_NUM_FORMS": "0",
        "employees-MAX_NUM_FORMS": "200",
    }
    for i in range(2):  # what an untouched blank line posts
        data[f"employees-{i}-certificate_number"] = ""
        data[f"employees-{i}-employment_form"] = "established"
        data[f"employees-{i}-monthly_wage"] = ""
        data[f"employees-{i}-counts_here"] = "on"
    response = client.post(reverse("employment_quota:declaration_new", args=[audit_year.pk]), data)
    declaration = Declaration.objects.get()
    assert response["Location"] == reverse("employment_quota:declaration", args=[declaration.pk])
    assert not declaration.employees.exists()


def test_a_return_without_a_reason_is_an_error_under_the_field(
    client_for, centre, audit_year, employer
):
    declaration = services.declaration_save(
        actor=centre,
        audit_year=audit_year,
        employer=employer,
        staff=Decimal("100"),
        wage_bill=Decimal("6000000"),
        employees=[],
    )
    AuditYear.objects.filter(pk=audit_year.pk).update(closes_on=D(2099, 12, 31))
    declaration.audit_year.refresh_from_db()
    services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 1))
    long = "缺" * 301  # over the 300 characters: refused, but what was typed stays
    for step, reason in (("return", ""), ("reject", long)):
        response = client_for(centre).post(
            reverse("employment_quota:step", args=[declaration.pk, step]), {"reason": reason}
        )
        assert response.status_code == 400
        assert response.context["reason_form"].errors["reason"]
        assert reason in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.state == "submitted"
