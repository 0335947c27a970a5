"""Reading a produced PDF back: its text and whether its fonts are embedded."""

import io
import os
import re

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from cdpf.models import Job
from cdpf.signing import validate


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def embedded_fonts(content: bytes) -> dict[str, bool]:
    """Each font's base name and whether its font program is embedded in the file."""
    reader = PdfReader(io.BytesIO(content))
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor") or {}
            if hasattr(descriptor, "get_object"):
                descriptor = descriptor.get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont"))] = embedded
    return fonts


def check_stored_document(document, *, official: bool, appeal: bool = False) -> str:
    """What every stored document must show on paper (issue 17): its number (the 发文字号 of a
    notice or decision), the verification code and the QR payload, the appeal rights of an
    adverse decision; and a valid signature. With PDF_DUMP_DIR set, the
    PDF is also written there to be looked at. Returns the text without white space."""
    content = bytes(document.content)
    dump = os.environ.get("PDF_DUMP_DIR")
    if dump:
        with open(os.path.join(dump, f"{document.kind}-{document.number}.pdf"), "wb") as out:
            out.write(content)
    text = pdf_text(content)
    flat = re.sub(r"\s+", "", text)
    assert document.number in flat
    assert document.verify_code and document.verify_code in flat
    assert f"{settings.CDPF_PUBLIC_URL}/verify/{document.verify_code}/" in flat
    if official:
        assert re.fullmatch(r".+〔20\d\d〕\d+号", document.official_number), (
            document.official_number
        )
        assert document.official_number in flat
    if appeal:
        assert "申请行政复议" in flat and "提起行政诉讼" in flat
        assert "60日内" in flat and "6个月内" in flat
    status = validate(content)
    assert status["intact"] and status["valid"] and status["whole_file"], status
    return flat


def start_document_job(client, url: str, data: dict | None = None):
    """POST the print button of a document laid out in a job (decision 0230); the tests' task
    backend runs the job when the request's transaction commits. Returns the response and the
    job (refreshed), or the response and None when no job was started."""


    last = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data or {})
    job = Job.objects.filter(pk__gt=last).order_by("-pk").first()
    return response, job


def printed_in_job(client, url: str, data: dict | None = None) -> bytes:
    """Print a document through its job, as the user does: the POST redirects to the job page,
    the job succeeds, the page links to the kept document, the link opens the PDF."""

    response, job = start_document_job(client, url, data)
    assert job is not None, (response.status_code, response.get("Location"))
    assert response.status_code == 302 and response.url == reverse("job_detail", args=[job.pk])
    assert job.status == "succeeded", (job.message, job.errors)
    page = client.get(response.url).content.decode()
    link = reverse("document_download", args=[job.result["document"]])
    assert link in page, page
    download = client.get(link)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    return download.content
