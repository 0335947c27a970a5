"""Views of the certificate register: search, the record page, the new-issue and loss flows,
attachments, signatures, PDF downloads and the register-wide pages.

One module per part of the work (decision 0250); every view is re-exported here for urls.py."""

from certificates.views.applications import (
    DATED,
    SIMPLE_STEPS,
    application_correct,
    application_detail,
    application_step,
    assessment_new,
    certificate_application,
    handover,
)
from certificates.views.attachments import ATTACHMENT_READERS, download, upload
from certificates.views.common import READERS, WORKERS
from certificates.views.notices import notice_detail, notice_new
from certificates.views.pdfs import (
    PRINTERS,
    application_pdf,
    assessment_pdf,
    card_pdf,
    decision_pdf,
    notice_pdf,
    summary_pdf,
)
from certificates.views.people import applicant_new, index, person_detail, queue
from certificates.views.register import (
    BATCH_READERS,
    EXPORTERS,
    XLSX,
    export,
    import_apply,
    import_registry,
    import_template,
    print_batch,
    print_batches,
    print_queue,
    renewals,
    renewals_pdf,
)
from certificates.views.signatures import SignatureForm, assessment_sign, waiting_signers
from certificates.views.transfers import transfer_in_new, transfer_in_outside

__all__ = [
    "ATTACHMENT_READERS",
    "BATCH_READERS",
    "DATED",
    "EXPORTERS",
    "PRINTERS",
    "READERS",
    "SIMPLE_STEPS",
    "SignatureForm",
    "WORKERS",
    "XLSX",
    "applicant_new",
    "application_correct",
    "application_detail",
    "application_pdf",
    "application_step",
    "assessment_new",
    "assessment_pdf",
    "assessment_sign",
    "card_pdf",
    "certificate_application",
    "decision_pdf",
    "download",
    "export",
    "handover",
    "import_apply",
    "import_registry",
    "import_template",
    "index",
    "notice_detail",
    "notice_new",
    "notice_pdf",
    "person_detail",
    "print_batch",
    "print_batches",
    "print_queue",
    "queue",
    "renewals",
    "renewals_pdf",
    "summary_pdf",
    "transfer_in_new",
    "transfer_in_outside",
    "upload",
    "waiting_signers",
]
