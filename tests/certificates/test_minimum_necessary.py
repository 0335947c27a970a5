"""Issue 15 item 3: a role that sees the masked ID number is not shown the birth date (the
digits the mask hides) anywhere else on the page."""

import pytest
from django.urls import reverse

from certificates.models import Person
from tests.factories import APPLICANT

pytestmark = pytest.mark.django_db


def test_a_masked_reader_sees_no_birth_date(client_for, flow, supervisor):
    certificate = flow("closed").certificate
    page = (
        client_for(supervisor)
        .get(reverse("certificates:person", args=[certificate.person_id]))
        .content.decode()
    )
    assert "130408********0018" in page
    assert "1985-03-15" not in page and "19850315" not in page
    assert certificate.number not in page


def test_a_full_reader_still_sees_the_birth_date(client_for, flow, office_user):
    certificate = flow("closed").certificate
    page = (
        client_for(office_user)
        .get(reverse("certificates:person", args=[certificate.person_id]))
        .content.decode()
    )
    assert "1985-03-15" in page and certificate.number in page


def test_the_application_page_hides_the_birth_date_from_masked_readers(
    client_for, flow, supervisor
):
    app = flow("closed")
    page = (
        client_for(supervisor)
        .get(reverse("certificates:application", args=[app.pk]))
        .content.decode()
    )
    assert "19850315" not in page and "1985-03-15" not in page


# Names (issue 15 item 11)


def test_a_name_with_markup_or_emoji_is_refused_and_nothing_saved(client_for, office_user):

    client = client_for(office_user)
    for bad in ("<img src=x>", "王😀"):
        response = client.post(reverse("certificates:applicant_new"), {**APPLICANT, "name": bad})
        assert response.status_code == 400 and response.context["form"].errors["name"]
    assert not Person.objects.exists()
    response = client.post(reverse("certificates:applicant_new"), {**APPLICANT, "name": "刘䶮"})
    assert response.status_code == 302 and Person.objects.get().name == "刘䶮"
