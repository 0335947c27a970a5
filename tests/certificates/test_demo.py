from io import StringIO

import pytest
from django.core.management import call_command

from certificates.models import Application, Assessment, Certificate

pytestmark = pytest.mark.django_db


def test_the_demo_puts_an_application_at_each_step_once():
    call_command("load_demo", force=True, stdout=StringIO())
    states = set(
        Application.objects.filter(region__code="130408", kind="new").values_list(
            "state", flat=True
        )
    )
    assert {"received", "assessed", "review", "approved", "printed", "closed"} <= states
    assert Assessment.objects.filter(mode="direct", complete=False).exists()
    count = Certificate.objects.count()
    call_command("load_demo", force=True, stdout=StringIO())
    assert Certificate.objects.count() == count
