import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cdpf.models import PolicyParameter, Region
from cdpf.params import MissingParameter, get_param, parse_value

D = datetime.date


@pytest.mark.django_db
def test_a_district_reads_the_provincial_ratio(yongnian):
    assert get_param("quota.required_ratio", on=D(2026, 6, 1), region=yongnian) == Decimal("0.015")


@pytest.mark.django_db
def test_a_district_value_overrides_the_province(yongnian, congtai):
    assert get_param("quota.audit_window_end", on=D(2026, 1, 1), region=yongnian) == (6, 30)
    assert get_param("quota.audit_window_end", on=D(2026, 1, 1), region=congtai) == (10, 31)


@pytest.mark.django_db
def test_national_values_apply_everywhere(yongnian):
    assert get_param("certificate.notice_working_days", on=D(2026, 1, 1), region=yongnian) == 5
    assert get_param("certificate.validity_years", on=D(2026, 1, 1), region=None) == 10


@pytest.mark.django_db
def test_a_value_out_of_its_dates_is_missing(yongnian):
    assert get_param("quota.rate_below_threshold", on=D(2027, 12, 31), region=yongnian) == Decimal(
        "0.9"
    )
    with pytest.raises(MissingParameter):
        get_param("quota.rate_below_threshold", on=D(2028, 1, 1), region=yongnian)


@pytest.mark.django_db
def test_every_domain_param_is_preloaded():
    names = set(PolicyParameter.objects.values_list("name", flat=True))
    expected = {
        "certificate.validity_years",
        "certificate.reapply_after_cancellation_years",
        "certificate.notice_working_days",
        "certificate.review_working_days",
        "certificate.objection_working_days",
        "quota.required_ratio",
        "quota.minimum_wage_monthly",
        "quota.audit_window_start",
        "quota.audit_window_end",
        "quota.average_wage_cap_multiple",
        "quota.rate_at_or_above_threshold",
        "quota.rate_below_threshold",
        "quota.small_enterprise_exempt_staff",
        "quota.late_surcharge_daily_rate",
        "relief.max_reduction_exemption_years",
        "relief.max_deferral_months",
        "relief.approver_title",
        "massage.blind_share_blind_representative",
        "massage.blind_share_sighted_representative",
        "massage.min_area_m2",
        "massage.min_beds",
        "massage.min_bed_spacing_m",
    }
    assert expected <= names
    assert not PolicyParameter.objects.filter(source="").exists()


@pytest.mark.django_db
def test_it_refuses_an_overlapping_value(yongnian):
    duplicate = PolicyParameter(
        name="quota.audit_window_end",
        region=yongnian,
        value="07-31",
        value_type="month_day",
        valid_from=D(2025, 1, 1),
        description="x",
        source="y",
    )
    with pytest.raises(ValidationError, match="该区划已有此参数的其他取值覆"):
        duplicate.full_clean()


@pytest.mark.django_db
def test_a_new_value_from_a_later_date_takes_over(yongnian):
    row = PolicyParameter.objects.get(name="quota.required_ratio")
    row.valid_to = D(2026, 12, 31)
    row.save()
    PolicyParameter.objects.create(
        name="quota.required_ratio",
        region=Region.objects.get(code="130000"),
        value="0.016",
        value_type="decimal",
        valid_from=D(2027, 1, 1),
        description="x",
        source="y",
    )
    assert get_param("quota.required_ratio", on=D(2026, 12, 31), region=yongnian) == Decimal(
        "0.015"
    )
    assert get_param("quota.required_ratio", on=D(2027, 1, 1), region=yongnian) == Decimal("0.016")


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("abc", "decimal"),
        ("1.5", "integer"),
        ("13-01", "month_day"),
        ("02-30", "month_day"),
        ("", "text"),
    ],
)
def test_it_rejects_values_that_do_not_fit_their_type(raw, kind):
    with pytest.raises(ValueError):
        parse_value(raw, kind)
