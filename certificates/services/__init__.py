"""Every write of the certificate register. Each step is atomic, checked against
certificates.flows, recorded in the application's history and (by signals) in the audit log."""

from certificates.services.changes import (  # noqa: F401
    MATERIALS,
    application_approve,
    application_to_review,
    certificate_application_new,
    certificate_cancel,
    loss_application_new,
)
from certificates.services.corrections import (  # noqa: F401
    application_correct,
    application_withdraw,
)
from certificates.services.issue import (  # noqa: F401
    application_new,
    application_return,
    application_skip_notice,
    assessment_record,
    assessment_sign,
    audit_cross_district_lookup,
    certificate_hand_over,
    certificate_print,
    notice_end,
    notice_publish,
    person_for_application,
    person_register,
    require_signed,
)
from certificates.services.transfers import (  # noqa: F401
    transfer_in_from_outside,
    transfer_in_new,
    transfer_in_to_review,
)
