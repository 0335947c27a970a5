"""Background jobs of levy relief: the yearly publication laid out as a document (decision
0230)."""

from __future__ import annotations

from cdpf.document_jobs import document_job
from cdpf.models import Job
from levy_relief import selectors
from levy_relief.pdf import publication_document

PUBLICATION_KIND = "levy_relief.publication"


@document_job(PUBLICATION_KIND, document_kind="relief_publication")
def publication(job: Job, laying_out):
    """公示: every relief approved in the year in the requester's region, one line each."""

    year = int(job.params["year"])
    rows = list(selectors.publication(job.created_by, year))
    laying_out()
    return publication_document(actor=job.created_by, year=year, rows=rows), {"listed": len(rows)}
