"""A kept print batch with a card voided after printing (issue 19 item 7): the batch's page
lists the voided card, and the file downloads with "作废" stamped on that card's page only, as a
later revision over the untouched signed original (decision 0170)."""

import io
import shutil
import subprocess
import tempfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cdpf import roles, signing
from cdpf.models import AuditEntry, GeneratedDocument
from certificates import services
from certificates.models import Application
from tests.factories import TODAY, id_number, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(client_for, flow, person_factory, cert_room, django_capture_on_commit_callbacks):
    """A kept batch of three cards (王喆, 李娜, 张伟), pages 1-3."""
    apps = [
        flow("approved"),
        flow("approved", person=person_factory(number=id_number("19900101", "081"), name="李娜")),
        flow("approved", person=person_factory(number=id_number("19800101", "091"), name="张伟")),
    ]
    client = client_for(cert_room)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:print_queue"), {"applications": [a.pk for a in apps]})
    document = GeneratedDocument.objects.get(kind="certificate_card_batch")
    for app in apps:
        app.refresh_from_db()
        services.certificate_hand_over(
            actor=cert_room,
            application=app,
            receiver_id_number=app.person.id_number,
            received_by=app.person.name,
            id_checked=True,
            on=TODAY,
        )
    return document, apps


def page_texts(content: bytes) -> list[str]:
    """What pdftotext reads on each page (annotations drawn, as a reader shows them)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed: apt-get install poppler-utils")
    pages = len(PdfReader(io.BytesIO(content)).pages)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        return [
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), file.name, "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for n in range(1, pages + 1)
        ]


def stamps(content: bytes) -> list[list[str]]:
    """The stamp annotations' contents on each page."""
    return [
        [
            str(a.get_object().get("/Contents"))
            for a in page.get("/Annots") or []
            if a.get_object().get("/Subtype") == "/Stamp"
        ]
        for page in PdfReader(io.BytesIO(content)).pages
    ]


def test_a_batch_with_no_voided_card_downloads_exactly_as_kept(client_for, cert_room, batch):
    document, _ = batch
    response = client_for(cert_room).get(reverse("document_download", args=[document.number]))
    assert response.content == bytes(document.content)


def test_a_card_reported_lost_is_stamped_void_on_its_page_only(
    client_for, cert_room, office_user, batch
):
    document, apps = batch
    services.loss_application_new(actor=office_user, certificate=apps[1].certificate, on=TODAY)
    kept = bytes(document.content)

    response = client_for(cert_room).get(reverse("document_download", args=[document.number]))
    content = response.content
    texts = [t.replace(" ", "") for t in page_texts(content)]
    assert "李娜" in texts[1] and "作废" in texts[1] and "挂失" in texts[1]
    assert apps[1].certificate.number in texts[1]
    assert "作废" not in texts[0] and "作废" not in texts[2]
    assert "王喆" in texts[0] and "张伟" in texts[2]
    assert [bool(s) for s in stamps(content)] == [False, True, False]
    assert stamps(content)[1][0].startswith("作废")

    # the signed original is the file's first revision, untouched and still valid; the stamp
    # is a later revision any reader shows as added after signing
    assert content.startswith(kept) and len(content) > len(kept)
    check = signing.validate(content)
    assert check["intact"] and check["valid"] and not check["whole_file"]
    document.refresh_from_db()
    assert bytes(document.content) == kept

    original = client_for(cert_room).get(
        reverse("document_download", args=[document.number]) + "?original=1"
    )
    assert original.content == kept
    assert "作废" not in "".join(page_texts(original.content))
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).order_by("id")
    assert [e.detail.get("void_marks") for e in entry if e.object_repr.startswith("ZZPC")][
        -2:
    ] == [[2], None]


def test_cancellation_and_an_exchange_are_voids_as_well(
    client_for, cert_room, office_user, batch
):
    document, apps = batch
    for app, kind in ((apps[0], Application.Kind.CANCEL), (apps[2], Application.Kind.DAMAGED)):
        new = services.certificate_application_new(
            actor=office_user, certificate=app.certificate, kind=kind, on=TODAY, grounds="death"
        )
        services.application_approve(actor=office_user, application=new, on=TODAY)
    response = client_for(cert_room).get(reverse("document_download", args=[document.number]))
    texts = [t.replace(" ", "") for t in page_texts(response.content)]
    assert "作废" in texts[0] and "注销" in texts[0]
    assert "作废" not in texts[1]
    assert "作废" in texts[2] and "污损换发" in texts[2]


def test_the_batch_page_lists_the_voided_card(client_for, cert_room, office_user, batch):
    document, apps = batch
    services.loss_application_new(actor=office_user, certificate=apps[1].certificate, on=TODAY)
    client = client_for(cert_room)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("certificates:print_batch", args=[document.number])).content.decode()
    listing = html.split('id="batch-voided"')[1].split("</div>")[0]
    assert "第 2 页：李娜" in listing and "李娜" in listing and "挂失" in listing
    assert "王喆" not in listing and "张伟" not in listing
    assert "?original=1" in html
    listing_page = client.get(reverse("certificates:print_batches")).content.decode()
    assert document.number in listing_page
    row = listing_page.split(document.number)[2].split("</tr>")[0]
    assert "text-bg-danger" in row and ">1<" in row


def test_the_batch_pages_are_closed_to_other_roles_and_districts(client_for, batch, yongnian):
    document, _ = batch
    labour = make_user("yn_labour", "130408", roles.LABOUR_SERVICE)
    client = client_for(labour)
    assert client.get(reverse("certificates:print_batches")).status_code == 403
    one = reverse("certificates:print_batch", args=[document.number])
    assert client.get(one).status_code == 403
    other = make_user("ct_cert", "130403", roles.CERTIFICATE_ROOM)
    client = client_for(other)
    assert client.get(one).status_code == 404
    assert document.number not in client.get(reverse("certificates:print_batches")).content.decode()
    unknown = reverse("certificates:print_batch", args=["ZZPC-2026-999999"])
    assert client.get(unknown).status_code == 404


def test_the_batch_list_takes_a_fixed_number_of_queries(
    client_for, cert_room, office_user, batch, django_assert_max_num_queries
):
    document, apps = batch
    services.loss_application_new(actor=office_user, certificate=apps[0].certificate, on=TODAY)
    client = client_for(cert_room)
    client.get(reverse("certificates:print_batches"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("certificates:print_batches"))
    assert response.status_code == 200
