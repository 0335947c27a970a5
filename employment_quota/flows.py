"""The steps of the quota audit and who takes them, declared with the flow engine (cdpf.flows,
decision 0210): a declaration (draft → submitted → approved | rejected, or returned for
correction), the year's audit (open ⇄ closed), and the actions on the register."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from cdpf import roles
from cdpf.flows import ANY, Flow, Step
from employment_quota.models import AuditYear, Declaration

CENTRE = (roles.LABOUR_SERVICE,)
_S = "employment_quota.services."
EDITABLE = ("draft", "returned")
UNDECIDED = ("draft", "returned", "submitted")

DECLARATION = Flow(
    name="employment_quota.declaration",
    steps=[
        Step("submit", EDITABLE, "submitted", CENTRE, _S + "declaration_submit",
             label=gettext_lazy("Submit")),
        Step("approve", ("submitted",), "approved", CENTRE, _S + "declaration_approve",
             label=gettext_lazy("Approve")),
        Step("return", ("submitted",), "returned", CENTRE, _S + "declaration_return",
             label=gettext_lazy("Return for correction")),
        Step("reject", ("submitted",), "rejected", CENTRE, _S + "declaration_reject",
             label=gettext_lazy("Reject")),
        # changes that keep the state: the lines while editable, the scans until the decision
        Step("edit", EDITABLE, None, CENTRE, _S + "declaration_save", label=gettext_lazy("Edit")),
        Step("materials", UNDECIDED, None, CENTRE, _S + "material_store",
             label=gettext_lazy("Add a scan")),
    ],  # fmt: skip
    states=dict(Declaration.State.choices),
    noun=gettext_lazy("declaration"),
)

AUDIT_YEAR = Flow(
    name="employment_quota.audit_year",
    steps=[
        Step("close", ("open",), "closed", CENTRE, _S + "audit_year_close",
             label=gettext_lazy("Close this audit")),
        Step("reopen", ("closed",), "open", CENTRE, _S + "audit_year_reopen",
             label=gettext_lazy("Reopen this audit")),
        Step("import_declarations", ("open",), None, CENTRE, None,
             label=gettext_lazy("Import declarations (.xlsx)")),
        Step("enter_declaration", ANY, None, CENTRE, _S + "declaration_save"),
        Step("correct_wage", ANY, None, CENTRE, _S + "audit_year_set_wage"),
        Step("recompute", ANY, None, CENTRE, "employment_quota.levies.recompute_levies"),
        Step("tax_list", ANY, None, (roles.LABOUR_SERVICE, roles.SUPERVISOR)),
    ],  # fmt: skip
    states=dict(AuditYear.Status.choices),
    noun=gettext_lazy("audit"),
    state_field="status",
)

# Actions on the register that move no record.
REGISTER = Flow(
    name="employment_quota.register",
    steps=[
        Step("open_year", ANY, None, CENTRE, _S + "audit_year_open"),
        Step("register_employer", ANY, None, CENTRE, _S + "employer_register"),
        Step("correct_employer", ANY, None, CENTRE, _S + "employer_update"),
        # the dashboard the menu links to (read only)
        Step("open_dashboard", ANY, None,
             (roles.SUPERVISOR, roles.LABOUR_SERVICE, roles.CHAIRMAN, roles.ADMIN), post=False),
    ],  # fmt: skip
)
