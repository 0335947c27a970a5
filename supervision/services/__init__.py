"""Every write of supervision. Each is atomic, checks the role table of supervision.rules, and is
audited (model saves by signals; imports and cancellations by explicit entries).

One module per part of the work (decision 0250); every name is re-exported here, so
`services.inspection_create` and `from supervision.services import ...` keep working."""

from supervision.services.complaints import (
    complaint_answer,
    complaint_assign,
    complaint_close,
    complaint_receive,
    complaint_verify,
)
from supervision.services.inspections import (
    AREA,
    SUBJECT_FIELDS,
    evidence_add,
    evidence_read,
    finding_add,
    inspection_create,
    inspection_notify,
    inspection_publish,
    inspection_record_check,
    plan_create,
)
from supervision.services.measures import (
    CERTIFICATE_MEASURES,
    measure_certificate_action,
    measure_close,
    measure_follow_up,
    measure_order,
)
from supervision.services.police import (
    police_file_store,
    police_record_confirm,
    police_record_reject,
)

__all__ = [
    "AREA",
    "CERTIFICATE_MEASURES",
    "SUBJECT_FIELDS",
    "complaint_answer",
    "complaint_assign",
    "complaint_close",
    "complaint_receive",
    "complaint_verify",
    "evidence_add",
    "evidence_read",
    "finding_add",
    "inspection_create",
    "inspection_notify",
    "inspection_publish",
    "inspection_record_check",
    "measure_certificate_action",
    "measure_close",
    "measure_follow_up",
    "measure_order",
    "plan_create",
    "police_file_store",
    "police_record_confirm",
    "police_record_reject",
]
