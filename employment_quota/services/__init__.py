"""Every write of the quota audit: employers, audit years, declarations and their decision.

One module per concern (decision 0250); every name is re-exported here (and `_check_line`,
which the declaration import job reads), so `services.declaration_save` and
`from employment_quota.services import ...` keep working."""

from employment_quota.services.common import AUDITORS, policy_for
from employment_quota.services.declarations import (
    _check_line,
    declaration_approve,
    declaration_reject,
    declaration_return,
    declaration_save,
    declaration_submit,
    valid_months,
)
from employment_quota.services.employers import employer_register, employer_update
from employment_quota.services.materials import MATERIALS_AREA, material_read, material_store
from employment_quota.services.years import (
    audit_year_close,
    audit_year_open,
    audit_year_reopen,
    audit_year_set_wage,
)

__all__ = [
    "AUDITORS",
    "MATERIALS_AREA",
    "_check_line",
    "audit_year_close",
    "audit_year_open",
    "audit_year_reopen",
    "audit_year_set_wage",
    "declaration_approve",
    "declaration_reject",
    "declaration_return",
    "declaration_save",
    "declaration_submit",
    "employer_register",
    "employer_update",
    "material_read",
    "material_store",
    "policy_for",
    "valid_months",
]
