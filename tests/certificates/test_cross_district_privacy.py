"""Issue 15 item 2: another district learns that a person is on 永年区's register (it must ask
for a transfer), but not whether their certificate is valid; every such lookup is audited."""

import pytest
from django.urls import reverse

from cdpf.models import AuditEntry
from tests.factories import APPLICANT

pytestmark = pytest.mark.django_db


def transfer_in(client, number):
    """A 迁入 "from outside" naming a number that is in fact on another district's register
    (a 迁入 within the register quotes a 迁移证明 number and reads everything from the file)."""
    data = {k: v for k, v in APPLICANT.items() if k not in ("materials", "requested_category")}
    return client.post(
        reverse("certificates:transfer_in_outside"),
        {**data, "incoming_number": number, "transfer_place": "永年区残联"},
    )


def test_a_transfer_in_does_not_reveal_a_valid_certificate(client_for, flow, ct_office):
    certificate = flow("closed").certificate
    response = transfer_in(client_for(ct_office), certificate.number)
    page = response.content.decode()
    assert response.status_code == 400
    assert "有效" not in page and "valid certificate" not in page
    assert "迁出" in page  # what to do: the keeping federation transfers the file out first


def test_an_open_application_elsewhere_is_not_revealed_either(client_for, flow, ct_office):
    flow("received")
    response = transfer_in(client_for(ct_office), APPLICANT["id_number"] + "42")
    page = response.content.decode()
    assert response.status_code == 400 and "办理中" not in page and "迁出" in page


def test_every_cross_district_lookup_is_audited_for_the_keeping_district(
    client_for, flow, ct_office
):
    certificate = flow("closed").certificate
    client = client_for(ct_office)
    client.post(reverse("certificates:applicant_new"), APPLICANT)
    transfer_in(client, certificate.number)
    lookups = AuditEntry.objects.filter(action="lookup")
    assert lookups.count() == 2
    assert {e.region_code for e in lookups} == {"130408"}  # 永年区 sees who asked
    assert {e.username for e in lookups} == {"ct_office"}


def test_a_lookup_in_ones_own_district_is_not_a_cross_district_lookup(client_for, office_user):
    client_for(office_user).post(reverse("certificates:applicant_new"), APPLICANT)
    assert not AuditEntry.objects.filter(action="lookup").exists()
