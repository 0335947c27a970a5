"""Views of the quota audit: audit years, employers, declarations and their decision.

One module per part of the work (decision 0250); every view is re-exported here for urls.py."""

from employment_quota.views.common import CENTRE, READERS
from employment_quota.views.dashboards import (
    DASHBOARD_ROLES,
    dashboard,
    dashboard_list,
    dashboard_pdf,
)
from employment_quota.views.declarations import (
    XLSX_TYPE,
    declaration_detail,
    declaration_edit,
    declaration_pdf,
    declaration_step,
    declarations_import,
    declarations_import_apply,
    declarations_template,
    material_download,
    material_upload,
)
from employment_quota.views.employer_register import (
    employer_detail,
    employer_edit,
    employer_new,
    employers,
    employers_export,
    employers_import,
    import_apply,
)
from employment_quota.views.years import (
    index,
    levies_recompute,
    tax_list,
    year_detail,
    year_open,
    year_status,
    year_wage,
)

__all__ = [
    "CENTRE",
    "DASHBOARD_ROLES",
    "READERS",
    "XLSX_TYPE",
    "dashboard",
    "dashboard_list",
    "dashboard_pdf",
    "declaration_detail",
    "declaration_edit",
    "declaration_pdf",
    "declaration_step",
    "declarations_import",
    "declarations_import_apply",
    "declarations_template",
    "employer_detail",
    "employer_edit",
    "employer_new",
    "employers",
    "employers_export",
    "employers_import",
    "import_apply",
    "index",
    "levies_recompute",
    "material_download",
    "material_upload",
    "tax_list",
    "year_detail",
    "year_open",
    "year_status",
    "year_wage",
]
