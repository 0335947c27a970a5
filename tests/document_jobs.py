"""What every document laid out in a background job is tested for (decision 0230): the print
button is a POST that starts a job (a GET is 405 and starts nothing), a role that may not print
it gets 403, another district gets 404 (for a record of this district) or a document of its own
that it cannot open; the job keeps a numbered PDF with the expected text and a PRINT audit entry,
and only the requester's region and the document's readers see the job and the document."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from cdpf.models import AuditEntry, GeneratedDocument, Job
from tests.pdf_utils import pdf_text, printed_in_job, start_document_job


def check_document_job(
    client,
    url: str,
    data: dict | None = None,
    *,
    kind: str,
    document_kind: str,
    text: list[str],
    wrong_role=None,
    other_district=None,
    other_district_404: bool = False,
    not_theirs: list[str] | None = None,
    same_region_reader_denied=None,
) -> GeneratedDocument:
    """Run every check on one document; `client` is signed in as a role that may print it.
    `not_theirs`: text of this district that another district's copy must not show. Returns
    the kept document."""
    assert client.get(url, data or {}).status_code == 405
    assert not Job.objects.filter(kind=kind).exists()
    if wrong_role is not None:
        response, job = start_document_job(wrong_role, url, data)
        assert response.status_code == 403 and job is None, response.get("Location")
    if other_district is not None and other_district_404:
        response, job = start_document_job(other_district, url, data)
        assert response.status_code == 404 and job is None

    content = printed_in_job(client, url, data)
    flat = "".join(pdf_text(content).split())
    for expected in text:
        assert "".join(expected.split()) in flat, (expected, flat[:500])
    job = Job.objects.filter(kind=kind).latest("pk")
    document = GeneratedDocument.objects.get(number=job.result["document"])
    assert document.kind == document_kind
    assert document.created_by_id == job.created_by_id
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.PRINT, object_id=str(document.pk), user=job.created_by
    ).exists()
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert 'id="job-back"' in page

    if other_district is not None:
        if not other_district_404:  # a region-wide document: the other district prints its own
            theirs = "".join(pdf_text(printed_in_job(other_district, url, data)).split())
            for mine in not_theirs or []:
                assert "".join(mine.split()) not in theirs, mine
        download = reverse("document_download", args=[document.number])
        assert other_district.get(download).status_code == 404
        assert other_district.get(reverse("job_detail", args=[job.pk])).status_code == 404
    denied = same_region_reader_denied
    if denied is not None:  # same region, a role that may not read the document
        assert denied.get(reverse("job_detail", args=[job.pk])).status_code == 403
        download = reverse("document_download", args=[document.number])
        assert denied.get(download).status_code == 403
    return document


def signed_in(user):
    """A client of its own for `user` (the `client_for` fixture signs one client in again)."""

    client = Client()
    client.force_login(user)
    return client
