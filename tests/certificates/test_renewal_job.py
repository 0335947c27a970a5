"""The renewal list is laid out in a background job, never in the web request (issue 16
item 4): the page starts a job; the job keeps a numbered PDF the user opens from the job page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cdpf import roles
from cdpf.models import AuditEntry, GeneratedDocument, Job
from tests.document_jobs import check_document_job, signed_in
from tests.factories import make_user, print_renewals
from tests.pdf_utils import pdf_text

pytestmark = pytest.mark.django_db


def test_the_list_renders_in_a_job_and_is_kept_numbered(
    client_for, flow, office_user, django_capture_on_commit_callbacks
):
    soon = flow("approved").certificate
    soon.expiry_date = timezone.localdate() + datetime.timedelta(days=30)
    soon.save()
    client = client_for(office_user)
    content = print_renewals(client, "60", django_capture_on_commit_callbacks)
    assert "王喆" in pdf_text(content)
    document = GeneratedDocument.objects.get(kind="certificate_renewal_list")
    assert document.region == office_user.region
    assert AuditEntry.objects.filter(action="print", object_id=str(document.pk)).exists()


def test_a_get_prints_nothing(client_for, office_user):
    response = client_for(office_user).get(reverse("certificates:renewals_pdf"), {"days": "60"})
    assert response.status_code == 405 and not Job.objects.exists()


def test_a_bad_period_starts_no_job(client_for, office_user):
    response = client_for(office_user).post(
        reverse("certificates:renewals_pdf"), {"days": "0"}, follow=True
    )
    assert response.status_code == 200 and not Job.objects.exists()
    assert "更正" in response.content.decode() or response.context["messages"]


def test_a_supervisor_may_not_print_the_list(client_for, supervisor):
    response = client_for(supervisor).post(reverse("certificates:renewals_pdf"), {"days": "60"})
    assert response.status_code == 403 and not Job.objects.exists()


def test_another_districts_office_neither_lists_nor_opens_it(
    client_for, flow, office_user, django_capture_on_commit_callbacks
):

    soon = flow("approved").certificate
    soon.expiry_date = timezone.localdate() + datetime.timedelta(days=30)
    soon.save()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(office_user).post(reverse("certificates:renewals_pdf"), {"days": "60"})
    mine = Job.objects.filter(created_by=office_user).latest("pk")
    number = mine.result["document"]
    other_client = client_for(make_user("ct_office", "130403", roles.OFFICE))  # same client
    content = print_renewals(other_client, "60", django_capture_on_commit_callbacks)
    assert "王喆" not in pdf_text(content)
    assert other_client.get(reverse("document_download", args=[number])).status_code == 404
    assert other_client.get(reverse("job_detail", args=[mine.pk])).status_code in (403, 404)


def test_the_renewal_list_passes_the_checks_of_every_document_job(flow, office_user, supervisor):
    """The shared mechanism (decision 0230): only the document's readers in the region see the
    job; the job page links back to the list."""

    soon = flow("approved").certificate
    soon.expiry_date = timezone.localdate() + datetime.timedelta(days=30)
    soon.save()
    check_document_job(
        signed_in(office_user),
        reverse("certificates:renewals_pdf"),
        {"days": "60"},
        kind="certificates.renewal_list",
        document_kind="certificate_renewal_list",
        text=["到期换领名单", "王喆"],
        wrong_role=signed_in(supervisor),
        other_district=signed_in(make_user("ct_office", "130403", roles.OFFICE)),
        not_theirs=["王喆"],
        same_region_reader_denied=signed_in(make_user("yn_labour", "130408", roles.LABOUR_SERVICE)),
    )
