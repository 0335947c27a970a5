"""Attachments: type by content, size limit, private storage, audited reads; the print queue
as a background job with reprints recorded."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cdpf import roles
from cdpf.models import AuditEntry, GeneratedDocument, Job
from certificates import services
from certificates.models import Attachment
from tests.factories import TODAY, id_number, make_user
from tests.pdf_utils import pdf_text
from tests.private_storage import stored_bytes

pytestmark = pytest.mark.django_db
# A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAA"
    "AABJRU5ErkJggg=="
)


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"


def upload(client, person, content, name="scan.png", kind="photo", **extra):
    return client.post(
        reverse("certificates:attachment_new", args=[person.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, content), **extra},
    )


def test_a_photo_is_stored_privately_and_each_read_is_audited(
    client_for, flow, office_user, settings
):
    person = flow("approved").person
    client = client_for(office_user)
    assert upload(client, person, PNG).status_code == 302
    attachment = Attachment.objects.exclude(original_name="factory-photo.png").get()
    kept = stored_bytes("attachments", attachment.path)  # re-encoded at upload (issue 15 item 7)
    assert attachment.content_type == "image/png" and attachment.size == len(kept)
    assert kept.startswith(b"\x89PNG")
    assert not (settings.BASE_DIR / "static" / "attachments").exists()
    response = client.get(reverse("certificates:attachment", args=[attachment.pk]))
    assert response.content == kept and response["Content-Type"] == "image/png"
    assert (
        AuditEntry.objects.filter(
            action="view", object_type="certificates.attachment", object_id=str(attachment.pk)
        ).count()
        == 1
    )


def test_a_file_of_another_type_is_refused_whatever_its_name(client_for, flow, office_user):
    person = flow("approved").person
    response = upload(
        client_for(office_user),
        person,
        b"MZ\x90\x00 an executable",
        name="photo.png",
        kind="id_card",
    )
    assert response.status_code == 400
    assert "PDF" in " ".join(response.context["form"].errors["file"])
    assert response.context["form"]["kind"].value() == "id_card"  # the choice is kept
    assert not Attachment.objects.exclude(original_name="factory-photo.png").exists()


def test_a_file_over_the_limit_is_refused(client_for, flow, office_user, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    response = upload(client_for(office_user), flow("approved").person, PNG + b"\0" * 200)
    uploaded = Attachment.objects.exclude(original_name="factory-photo.png")
    assert response.status_code == 400 and not uploaded.exists()


def test_files_are_for_permitted_roles_of_the_region_only(
    client_for, flow, office_user, supervisor, outsider_admin
):
    person = flow("approved").person
    upload(client_for(office_user), person, b"%PDF-1.4 scan", name="id.pdf", kind="id_card")
    attachment = Attachment.objects.exclude(original_name="factory-photo.png").get()
    url = reverse("certificates:attachment", args=[attachment.pk])
    assert client_for(supervisor).get(url).status_code == 403

    other_office = make_user("ct_office", "130403", roles.OFFICE)
    assert client_for(other_office).get(url).status_code == 404
    assert (
        client_for(other_office)
        .get(reverse("certificates:attachment_new", args=[person.pk]))
        .status_code
        == 404
    )


def test_the_card_data_page_carries_the_photo(client_for, flow, office_user, cert_room):
    app = flow("approved")
    upload(client_for(office_user), app.person, PNG)
    response = client_for(cert_room).get(
        reverse("certificates:card_pdf", args=[app.certificate_id])
    )
    assert b"/Subtype /Image" in response.content or b"/Subtype/Image" in response.content
    assert "未上传" not in pdf_text(response.content)


def test_a_print_batch_runs_as_a_job_and_marks_the_cards_printed(
    client_for, flow, person_factory, cert_room, django_capture_on_commit_callbacks
):

    first = flow("approved")
    second = flow(
        "approved", person=person_factory(number=id_number("19900101", "081"), name="李堃")
    )
    client = client_for(cert_room)
    page = client.get(reverse("certificates:print_queue"))
    assert len(page.context["rows"]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates:print_queue"), {"applications": [first.pk, second.pk]}
        )
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert job.status == "succeeded", job.message
    assert job.result["printed"] == 2
    document = GeneratedDocument.objects.get(number=job.result["document"])
    text = pdf_text(bytes(document.content))
    assert "王喆" in text and "李堃" in text
    first.refresh_from_db()
    assert first.state == "printed" and first.certificate.print_status == "printed"
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 200


def test_an_empty_batch_is_refused_on_the_page(client_for, flow, cert_room):
    flow("approved")
    response = client_for(cert_room).post(reverse("certificates:print_queue"), {})
    assert response.status_code == 200 and not Job.objects.exists()


def test_only_the_certificate_room_prints(client_for, office_user):
    assert client_for(office_user).get(reverse("certificates:print_queue")).status_code == 403


def test_a_renewed_card_is_recorded_as_a_reprint(flow, office_user, cert_room):
    certificate = flow("closed").certificate
    renewal = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="damaged", on=TODAY
    )
    services.application_approve(actor=office_user, application=renewal, on=TODAY)
    renewal.refresh_from_db()
    services.certificate_print(actor=cert_room, application=renewal)
    handover = services.certificate_hand_over(
        actor=cert_room,
        application=renewal,
        receiver_id_number=renewal.person.id_number,
        received_by="王喆",
        id_checked=True,
        on=TODAY,
    )
    assert certificate.events.filter(kind="reprinted").exists() and handover.reprint
