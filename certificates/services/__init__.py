"""Every write of the certificate register. Each step is atomic, checked against
certificates.flows, recorded in the application's history and (by signals) in the audit log.

One module per concern (decision 0250); every name is re-exported here with `__all__`."""

from certificates.services.approval import application_approve, certificate_cancel
from certificates.services.changes import (
    MATERIALS,
    application_to_review,
    certificate_application_new,
    loss_application_new,
)
from certificates.services.corrections import application_correct, application_withdraw
from certificates.services.delivery import (
    application_skip_notice,
    certificate_hand_over,
    certificate_print,
    notice_end,
    notice_publish,
)
from certificates.services.issue import (
    application_new,
    application_return,
    assessment_record,
    assessment_sign,
    require_signed,
)
from certificates.services.people import (
    CONTACT_FIELDS,
    audit_cross_district_lookup,
    person_for_application,
    person_register,
)
from certificates.services.transfers import (
    transfer_in_from_outside,
    transfer_in_new,
    transfer_in_to_review,
)

__all__ = [
    "CONTACT_FIELDS",
    "MATERIALS",
    "application_approve",
    "application_correct",
    "application_new",
    "application_return",
    "application_skip_notice",
    "application_to_review",
    "application_withdraw",
    "assessment_record",
    "assessment_sign",
    "audit_cross_district_lookup",
    "certificate_application_new",
    "certificate_cancel",
    "certificate_hand_over",
    "certificate_print",
    "loss_application_new",
    "notice_end",
    "notice_publish",
    "person_for_application",
    "person_register",
    "require_signed",
    "transfer_in_from_outside",
    "transfer_in_new",
    "transfer_in_to_review",
]
