"""make_synthetic_data --quota at a tiny size: employers, three audit years, declarations and
employee lines linked to valid synthetic certificates, each levy what the rules compute."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from certificates import synthetic
from certificates.models import Certificate
from employment_quota import rules
from employment_quota import synthetic as quota
from employment_quota.levies import recompute_levies
from employment_quota.models import AuditYear, Declaration, DeclaredEmployee, Employer

pytestmark = pytest.mark.django_db


def make(**options):
    call_command(
        "make_synthetic_data",
        size="district",
        count=3000,
        seed=7,
        force=True,
        verbosity=0,
        quota_counts=[40, 60],
        **options,
    )


def test_the_quota_data_is_consistent(yongnian):
    make(quota=True)
    employers = Employer.objects.filter(address__startswith=synthetic.marker("district"))
    assert employers.count() == 40
    for employer in employers:
        rules.validate_credit_code(employer.credit_code)
    assert AuditYear.objects.filter(region=yongnian).count() == quota.YEARS
    lines = DeclaredEmployee.objects.select_related("certificate", "declaration__audit_year")
    assert 50 <= lines.count() <= 60
    for line in lines:
        assert line.certificate.status == Certificate.Status.VALID
        assert line.certificate.region_id == line.declaration.region_id
    years = {line.declaration.audit_year.year for line in lines}
    assert len(years) == quota.YEARS
    per_year = {}
    for line in lines:
        key = (line.declaration.audit_year.year, line.certificate_id)
        assert key not in per_year  # nobody claimed twice in a year
        per_year[key] = line
    approved = Declaration.objects.filter(state="approved")
    assert approved.exists() and not approved.filter(amount_due__isnull=True).exists()
    # the stored levies are what the yearly job computes again: nothing changes
    for year in years:
        result = recompute_levies(year=year, region=yongnian)
        assert result["changed"] == 0, year
    assert Decimal(result["amount_due"]) >= 0


def test_quota_only_on_loaded_people_and_replace(yongnian):
    make()
    assert not Employer.objects.exists()
    make(quota_only=True)
    assert Employer.objects.count() == 40
    with pytest.raises(CommandError):
        make(quota_only=True)
    make(quota_only=True, replace=True)
    assert Employer.objects.count() == 40
