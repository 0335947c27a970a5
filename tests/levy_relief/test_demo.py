"""The demo records load once, for the demo accounts, and show the issue's scenario."""

import io

import pytest
from django.core.management import call_command

from levy_relief.models import ReliefApplication

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_scenario_once(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    flood = ReliefApplication.objects.get(employer__name="永年区标准件制造有限公司")
    assert flood.levy_due == 120000 and flood.state == "approved" and flood.decision_number
    assert sorted(ReliefApplication.objects.values_list("state", flat=True)) == [
        "approved",
        "approved",
        "checked",
        "submitted",
    ]
