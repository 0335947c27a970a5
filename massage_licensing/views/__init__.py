"""Views of the massage institution register: institutions, practitioners, applications,
inspections, certificates, yearly reviews, changes and revocations. Roles: flows.py.

One module per part of the work (decision 0250); every view is re-exported here for urls.py."""

from massage_licensing.views.applications import (
    application_detail,
    application_step,
    application_submit,
    certificate_pdf,
    inspection_new,
    inspection_photo,
    rejection_pdf,
)
from massage_licensing.views.common import FULL_ID_ROLES, XLSX
from massage_licensing.views.institutions import (
    import_apply,
    index,
    institution_detail,
    institution_edit,
    institution_new,
    register_export,
    register_import,
    revocation_pdf,
    revoke,
)
from massage_licensing.views.reviews import review_detail, review_new, reviews_due
from massage_licensing.views.staff import (
    practitioner_detail,
    practitioner_edit,
    practitioner_leave,
    practitioner_new,
    practitioners,
)

__all__ = [
    "FULL_ID_ROLES",
    "XLSX",
    "application_detail",
    "application_step",
    "application_submit",
    "certificate_pdf",
    "import_apply",
    "index",
    "inspection_new",
    "inspection_photo",
    "institution_detail",
    "institution_edit",
    "institution_new",
    "practitioner_detail",
    "practitioner_edit",
    "practitioner_leave",
    "practitioner_new",
    "practitioners",
    "register_export",
    "register_import",
    "rejection_pdf",
    "review_detail",
    "review_new",
    "reviews_due",
    "revocation_pdf",
    "revoke",
]
