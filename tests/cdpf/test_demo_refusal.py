"""Issue 15 item 11: demo accounts kept working under DEBUG=0; production refuses them."""

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from cdpf.management.commands.load_demo import DEMO_PASSWORD
from cdpf.models import AuditEntry
from cdpf.startup import refuse_unsafe_start
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_demo_account_cannot_sign_in_without_debug(client, settings):
    user = make_user("yn_office", "130408", "office")
    user.set_password(DEMO_PASSWORD)
    user.save()
    settings.DEBUG = False
    response = client.post(reverse("login"), {"username": "yn_office", "password": DEMO_PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(username="yn_office", success=False).exists()
    settings.DEBUG = True
    response = client.post(reverse("login"), {"username": "yn_office", "password": DEMO_PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def failing_project_check():
    def check(app_configs=None, **kwargs):
        return [checks.Error("demo accounts present", id="cdpf.E999")]

    checks.register(check, deploy=True)
    yield
    checks.registry.registry.deployment_checks.discard(check)


def test_production_refuses_to_start_while_a_project_check_fails(settings, failing_project_check):
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured, match="cdpf.E999"):
        refuse_unsafe_start()
    settings.DEBUG = True
    refuse_unsafe_start()
