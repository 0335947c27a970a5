"""Every PDF and private-file URL of the URL sweep answers with the headers of cdpf/responses.py:
`Cache-Control: no-store` (private) and `X-Content-Type-Options: nosniff`, whatever app it is
in. The demo records give each URL something real to print or read."""

import inspect
import re

import pytest
from django.apps import apps
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cdpf import private_files, roles
from cdpf.models import GeneratedDocument, Region
from cdpf.pdf import MissingGlyphError
from cdpf.responses import print_or_back, private_file_response
from cdpf.url_sweep import routes
from certificates.models import Application, Person
from duties import services as duty_services
from employment_quota.models import Declaration, MaterialFile
from massage_licensing.models import Inspection as MassageInspection
from massage_licensing.models import InspectionPhoto, Institution, QualificationApplication
from supervision.models import Evidence, Inspection
from tests.factories import make_user
from tests.image_utils import tiny_png

# The record each URL names, by model label; police lists by year and quarter.
OBJECTS = {
    "document_download": "cdpf.generateddocument",
    "certificates:attachment": "certificates.attachment",
    "certificates:application_pdf": "certificates.application",
    "certificates:assessment_pdf": "certificates.application",
    "certificates:decision_pdf": "certificates.application",
    "certificates:card_pdf": "certificates.certificate",
    "employment_quota:declaration_pdf": "employment_quota.declaration",
    "employment_quota:material_download": "employment_quota.materialfile",
    "levy_relief:material": "levy_relief.reliefmaterial",
    "levy_relief:decision_pdf": "levy_relief.reliefapplication",
    "massage_licensing:certificate_pdf": "massage_licensing.qualificationapplication",
    "massage_licensing:rejection_pdf": "massage_licensing.qualificationapplication",
    "massage_licensing:revocation_pdf": "massage_licensing.institution",
    "massage_licensing:photo": "massage_licensing.inspectionphoto",
    "supervision:notice_pdf": "supervision.inspection",
    "supervision:result_pdf": "supervision.inspection",
    "supervision:evidence": "supervision.evidence",
    "supervision:order_pdf": "supervision.measure",
    "tongban:receipt": "tongban.case",
}
# Not a file: the documents laid out by a background job answer with a redirect to the job's
# page (decision 0230); what the job keeps opens through document_download, checked here.
NOT_FILES = {"certificates:renewals_pdf"}
IN_A_JOB = "document_jobs.start("
# what a view answering with a file calls (supervision's views call print_or_back as _print)
RESPONDERS = re.compile(
    r"\b(private_file_response|document_response|pdf_response|print_or_back|_print)\("
)


def _is_file_route(name: str, url: str, view) -> bool:
    source = inspect.getsource(inspect.unwrap(view))
    return (
        (url.endswith(".pdf") or RESPONDERS.search(source))
        and name not in NOT_FILES
        and IN_A_JOB not in source
    )


FILE_ROUTES = sorted(name for name, url, view in routes() if _is_file_route(name, url, view))


def test_every_pdf_and_private_file_url_is_listed_here():
    assert set(FILE_ROUTES) == set(OBJECTS)


def _urls(name: str):
    target = OBJECTS[name]
    if target is None:
        yield reverse(name)
    elif target == "police-quarter":
        yield from (
            reverse(name, kwargs={"year": y, "quarter": q}) for y in (2026, 2025) for q in (4, 3)
        )
    elif target == "police-year":
        yield from (reverse(name, kwargs={"year": y}) for y in (2026, 2025))
    elif target == "cdpf.generateddocument":
        for number in GeneratedDocument.objects.order_by("pk").values_list("number", flat=True):
            yield reverse(name, kwargs={"number": number})
    else:
        for pk in apps.get_model(target).objects.order_by("pk").values_list("pk", flat=True):
            yield reverse(name, kwargs={"pk": pk})


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    user = make_user("reader-of-all", "130408", *roles.BUSINESS_ROLES)
    _beyond_the_demo(user)
    return user


def _stored(area: str) -> dict:
    return private_files.store(SimpleUploadedFile("scan.png", tiny_png()), area=area)


def _beyond_the_demo(user) -> None:
    """Records the demo does not have: a published register version, a stored quota
    material, an inspection photo and a piece of evidence, a published inspection, a
    rejected and a revoked massage qualification, a completed cancellation."""
    today = timezone.localdate()
    region = Region.objects.get(code="130408")
    duty_services.register_publish(actor=user, region=region, published_on=today)
    declaration = Declaration.objects.filter(region=region).first()
    MaterialFile.objects.create(
        region=region,
        declaration=declaration,
        person=Person.objects.filter(region=region).first(),
        kind="id_card",
        uploaded_by=user,
        **_stored("quota_materials"),
    )
    massage_inspection = MassageInspection.objects.first()
    InspectionPhoto.objects.create(
        inspection=massage_inspection, uploaded_by=user, **_stored("massage_inspections")
    )
    inspection = Inspection.objects.filter(region=region).first()
    Evidence.objects.create(
        inspection=inspection, description="scan", uploaded_by=user, **_stored("supervision")
    )
    Inspection.objects.filter(pk=inspection.pk).update(
        state=Inspection.State.PUBLISHED, published_on=today
    )
    undecided = QualificationApplication.objects.exclude(state="approved").first()
    QualificationApplication.objects.filter(pk=undecided.pk).update(
        state="rejected", decided_on=today
    )
    Institution.objects.filter(pk=undecided.institution_id).update(
        status=Institution.Status.REVOKED, revoked_on=today
    )
    Application.objects.filter(
        pk=Application.objects.filter(region=region, state="approved").first().pk
    ).update(kind="cancel", state="closed", decided_on=today)


def _first_file(client, name: str):
    for url in _urls(name):
        response = client.get(url)
        if response.status_code == 200:
            return response
    return None


def test_every_pdf_and_private_file_sends_no_store_and_nosniff(client, demo):
    # 通办: the receipt is printed by the residence's office
    case = apps.get_model("tongban.case").objects.select_related("residence_region").first()
    residence = make_user("residence-reader", case.residence_region.code, *roles.BUSINESS_ROLES)
    client.force_login(demo)
    # the printing routes first: they keep the copies the document URL then opens
    order = [n for n in FILE_ROUTES if n != "document_download"] + ["document_download"]
    unanswered = []
    for name in order:
        client.force_login(residence if name == "tongban:receipt" else demo)
        response = _first_file(client, name)
        if response is None:
            unanswered.append(name)
            continue
        assert "no-store" in response["Cache-Control"], name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Content-Disposition"].startswith("inline; filename"), name
    assert unanswered == [], ", ".join(unanswered)


def test_a_file_name_outside_ascii_is_written_in_rfc_5987_form():
    response = private_file_response(b"x", "application/pdf", "证明 2026.pdf")
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''%E8%AF%81%E6%98%8E%202026.pdf"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_print_or_back_goes_back_with_the_reason(rf):
    request = rf.get("/")
    request.session = {}
    request._messages = FallbackStorage(request)

    def make():
        raise MissingGlyphError(["𠀀"])

    response = print_or_back(request, make, "/back/")
    assert response.status_code == 302 and response["Location"] == "/back/"
    assert [str(m) for m in request._messages] == [str(MissingGlyphError(["𠀀"]))]
