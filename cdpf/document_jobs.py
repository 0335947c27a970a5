"""Documents that grow with the register are laid out in a background job, never in the web
request (issue 16 item 4; decisions 0190 and 0230).

One mechanism for every such document: its app registers a builder under a job kind with
`document_job`; the builder reads what it needs through the requester's scope (`job.created_by`,
`job.region`), renders and keeps the numbered copy (`cdpf.pdf.render_and_store`, which writes
the PRINT audit entry) and returns it. The view that used to answer with the PDF checks the
request (role, region, period) as before and calls `start`, which queues the job and redirects
to the job page; the page shows the progress and, when done, links to the kept document
(`document_download`, which checks the region and the readers of the document's kind again).

Who may read such a job's page: the user's region scope (as for every job) and a role that may
read the document it keeps (`roles.document_readers`), so its title and outcome are not shown
to a role that could not open the document.
"""

from __future__ import annotations

from collections.abc import Callable

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cdpf.jobs import JobError, Progress, enqueue_job, job_handler, saving
from cdpf.models import GeneratedDocument, Job
from cdpf.pdf import MissingGlyphError
from cdpf.roles import document_readers

# job kind -> the kind of the GeneratedDocument it keeps (who may read the job and the document)
DOCUMENT_KINDS: dict[str, str] = {}

Built = GeneratedDocument | tuple[GeneratedDocument, dict]
Builder = Callable[[Job, Callable[[], None]], Built]

UNSAVED = gettext_lazy("no document was kept and no document number was used.")


def document_job(kind: str, *, document_kind: str, unsaved=UNSAVED):
    """Register `build(job, laying_out)` as the job kind `kind`. The builder reads its records,
    calls `laying_out()` when it starts the layout (the job page says so), and returns the kept
    document, or the document and a dict added to the job's result. It runs in the job's one
    transaction (`saving`): a failure keeps nothing and uses no number. A character the fonts
    cannot draw fails the job with the message the request used to show."""

    def register(build: Builder) -> Builder:
        def handler(job: Job, progress: Progress) -> dict:

            progress(0, 2, _("Reading the records"))
            try:
                with saving(job):
                    built = build(job, lambda: progress(1, 2, _("Laying out the pages")))
            except MissingGlyphError as exc:
                raise JobError(str(exc)) from exc
            document, extra = built if isinstance(built, tuple) else (built, {})
            progress(2, 2, _("Done"))
            return {**extra, "document": document.number}

        handler.__doc__ = build.__doc__
        job_handler(kind, unsaved=unsaved)(handler)
        DOCUMENT_KINDS[kind] = document_kind
        return build

    return register


def start(request, kind: str, *, title, params: dict | None = None, back: str = ""):
    """Queue the document's job for the signed-in user and show its page. The caller has
    checked the role, the region and the input; `back` is the page the job page links back to
    (a path the view built, never one taken from the request)."""
    if kind not in DOCUMENT_KINDS:
        raise ValueError(f"{kind!r} is not a document job")
    job = enqueue_job(
        actor=request.user,
        kind=kind,
        title=str(title),
        params={**(params or {}), "back": back},
    )
    return redirect("job_detail", pk=job.pk)


def readers(kind: str) -> tuple[str, ...] | None:
    """The roles that may read a document job of this kind; None for any other job."""

    document_kind = DOCUMENT_KINDS.get(kind)
    return None if document_kind is None else document_readers(document_kind)
