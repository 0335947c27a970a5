"""Every write of levy relief: applications, materials, each step of the flow, the decision
number and the payment of a deferred levy. Atomic; saves are audited by cdpf's signals.

One module per concern (decision 0250); every name is re-exported here, so
`services.application_receive` and `from levy_relief.services import ...` keep working."""

from levy_relief.services.applications import (
    application_approve,
    application_receive,
    application_reject,
    application_resubmit,
    application_return,
    application_review,
)
from levy_relief.services.common import Material, audited_declaration, levy_due_date
from levy_relief.services.levy_changes import follow_levy_changes, levy_change_review, levy_summary
from levy_relief.services.materials import AREA, material_add, material_read, materials_check
from levy_relief.services.surcharges import (
    deferral_payment_record,
    surcharge_cap,
    surcharge_for,
    surcharge_rate,
    surcharge_text,
)

__all__ = [
    "AREA",
    "Material",
    "application_approve",
    "application_receive",
    "application_reject",
    "application_resubmit",
    "application_return",
    "application_review",
    "audited_declaration",
    "deferral_payment_record",
    "follow_levy_changes",
    "levy_change_review",
    "levy_due_date",
    "levy_summary",
    "material_add",
    "material_read",
    "materials_check",
    "surcharge_cap",
    "surcharge_for",
    "surcharge_rate",
    "surcharge_text",
]
