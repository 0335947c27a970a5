"""The centre closes a year's audit once every submitted declaration is decided, and may
reopen it; a closed audit takes no new, corrected or submitted declaration."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cdpf import roles
from cdpf.models import AuditEntry
from employment_quota import services
from employment_quota.models import AuditYear
from tests.factories import declare, make_user

pytestmark = pytest.mark.django_db


def step(client, year, name):
    return client.post(reverse("employment_quota:year_status", args=[year.pk, name]))


def test_close_after_every_decision_then_reopen(client_for, centre, audit_year, employer):
    declaration = declare(centre, audit_year, employer, [])
    services.declaration_submit(actor=centre, declaration=declaration, on=datetime.date(2026, 4, 1))
    client = client_for(centre)
    refused = client.get(
        step(client, audit_year, "close")["Location"]
    )  # the year page, with the reason
    assert "1" in refused.content.decode() and "决定" in refused.content.decode()
    audit_year.refresh_from_db()
    assert audit_year.status == "open"
    services.declaration_reject(
        actor=centre, declaration=declaration, reason="材料不全", on=datetime.date(2026, 4, 2)
    )
    assert step(client, audit_year, "close").status_code == 302
    audit_year.refresh_from_db()
    assert audit_year.status == "closed"
    assert AuditEntry.objects.filter(
        object_type="employment_quota.audityear", action="update", object_id=str(audit_year.pk)
    ).exists()
    with pytest.raises(ValidationError, match="2025 年度年审已关闭。"):
        declare(centre, audit_year, employer, [])
    step(client, audit_year, "reopen")
    audit_year.refresh_from_db()
    assert audit_year.status == "open"


def test_a_draft_cannot_be_submitted_into_a_closed_audit(centre, audit_year, employer):
    declaration = declare(centre, audit_year, employer, [])
    AuditYear.objects.filter(pk=audit_year.pk).update(status="closed")
    declaration.audit_year.refresh_from_db()
    with pytest.raises(ValidationError, match="2025 年度年审已关闭。"):
        services.declaration_submit(
            actor=centre, declaration=declaration, on=datetime.date(2026, 4, 1)
        )


def test_unknown_steps_other_districts_and_roles(client_for, centre, audit_year, supervisor):
    client = client_for(centre)
    # an unknown step is a 404, as in every app (decision 0210; it was a message on the page)
    assert step(client, audit_year, "explode").status_code == 404
    audit_year.refresh_from_db()
    assert audit_year.status == "open"
    other = client_for(make_user("ct_labour", "130403", roles.LABOUR_SERVICE))
    assert step(other, audit_year, "close").status_code == 404
    assert step(client_for(supervisor), audit_year, "close").status_code == 403
    audit_year.refresh_from_db()
    assert audit_year.status == "open"


def test_the_home_page_shows_what_waits_for_the_centre(
    client_for, centre, audit_year, employer, supervisor
):
    declaration = declare(centre, audit_year, employer, [])
    page = client_for(centre).get(reverse("home")).content.decode()
    assert (
        "2025" in page
        and f"{reverse('employment_quota:year', args=[audit_year.pk])}?state=draft" in page
    )
    services.declaration_submit(actor=centre, declaration=declaration, on=datetime.date(2026, 4, 1))
    page = client_for(centre).get(reverse("home")).content.decode()
    assert "state=submitted" in page and "state=draft" not in page
    other = client_for(make_user("ct_labour", "130403", roles.LABOUR_SERVICE))
    assert "state=submitted" not in other.get(reverse("home")).content.decode()
    assert "state=submitted" not in client_for(supervisor).get(reverse("home")).content.decode()
