"""Every write of the massage institution qualification. Each is atomic and audited (model
saves by signals); the roles of each step are in massage_licensing.flows.

One module per concern (decision 0250); every name is re-exported here, so
`services.application_submit` and `from massage_licensing.services import ...` keep working."""

from massage_licensing.services.applications import (
    application_approve,
    application_check,
    application_reject,
    application_submit,
    certificate_number_for,
    inspection_record,
)
from massage_licensing.services.institutions import (
    CHANGE_KIND_MESSAGES,
    INSTITUTION_FIELDS,
    certificate_import,
    institution_change,
    institution_register,
    institution_revoke,
)
from massage_licensing.services.practitioners import (
    practitioner_leave,
    practitioner_register,
    practitioner_update,
)
from massage_licensing.services.requirements import (
    PARAMETERS,
    evaluate,
    policy_for,
    requirements_refresh,
    unmet_lines,
)
from massage_licensing.services.reviews import yearly_review_record

__all__ = [
    "CHANGE_KIND_MESSAGES",
    "INSTITUTION_FIELDS",
    "PARAMETERS",
    "application_approve",
    "application_check",
    "application_reject",
    "application_submit",
    "certificate_import",
    "certificate_number_for",
    "evaluate",
    "inspection_record",
    "institution_change",
    "institution_register",
    "institution_revoke",
    "policy_for",
    "practitioner_leave",
    "practitioner_register",
    "practitioner_update",
    "requirements_refresh",
    "unmet_lines",
    "yearly_review_record",
]
