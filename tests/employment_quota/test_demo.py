from io import StringIO

import pytest
from django.core.management import call_command

from employment_quota.models import AuditYear, Declaration

pytestmark = pytest.mark.django_db


def test_the_demo_records_load_once():
    call_command("load_demo", force=True, stdout=StringIO())
    assert set(AuditYear.objects.values_list("year", flat=True)) == {2024, 2025}
    decided = Declaration.objects.filter(audit_year__year=2024)
    assert decided.count() == 3 and not decided.exclude(state="approved").exists()
    assert decided.filter(amount_due__gt=0).exists()
    states = set(Declaration.objects.filter(audit_year__year=2025).values_list("state", flat=True))
    assert {"submitted", "draft"} <= states  # (levy_relief's demo adds an approved one)
    count = Declaration.objects.count()
    call_command("load_demo", force=True, stdout=StringIO())
    assert Declaration.objects.count() == count
