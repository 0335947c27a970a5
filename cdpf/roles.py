"""Staff roles. Each is a Django group (created by migration) with model permissions."""

from django.utils.translation import gettext_lazy as _

OFFICE = "office"
CERTIFICATE_ROOM = "certificate_room"
EDUCATION_EMPLOYMENT = "education_employment"
LABOUR_SERVICE = "labour_service"
CHAIRMAN = "chairman"
SUPERVISOR = "supervisor"
# 三员分立 (decision 0124): three administrators, none holding another role.
ADMIN = "admin"  # the system administrator: accounts, parameters, calendar; no personal data
SECURITY_ADMIN = "security_admin"  # roles, locks, sessions
AUDIT_ADMIN = "audit_admin"  # reads the audit log and nothing else

ROLE_LABELS = {
    OFFICE: _("Office (办公室)"),
    CERTIFICATE_ROOM: _("Certificate room (办证室)"),
    EDUCATION_EMPLOYMENT: _("Education and employment section (教育就业科)"),
    LABOUR_SERVICE: _("Labour employment service centre (劳动就业服务所)"),
    CHAIRMAN: _("Chairman (理事长)"),
    SUPERVISOR: _("Supervisor (监督)"),
    ADMIN: _("System administrator (系统管理员)"),
    SECURITY_ADMIN: _("Security administrator (安全管理员)"),
    AUDIT_ADMIN: _("Audit administrator (审计管理员)"),
}
ALL_ROLES = tuple(ROLE_LABELS)
ADMIN_ROLES = (ADMIN, SECURITY_ADMIN, AUDIT_ADMIN)
BUSINESS_ROLES = tuple(r for r in ALL_ROLES if r not in ADMIN_ROLES)


def roles_conflict(names) -> bool:
    """An administrator role may not be held with any other role (三员分立)."""
    names = set(names)
    return len(names) > 1 and bool(names.intersection(ADMIN_ROLES))


STAFF_ROLES = ALL_ROLES  # every role may read the duty register

# The model permissions each role's group holds are set by cdpf/migrations/0005_create_roles.py.


# Who may open a stored document again, by the start of its kind (personal and health data
# stay with the roles that work with them).
DOCUMENT_READERS = {
    # counts, no person: the supervisor who may print it may open it again (decision 0230)
    "certificate_yearly_summary": (OFFICE, CERTIFICATE_ROOM, CHAIRMAN, SUPERVISOR),
    "certificate_": (OFFICE, CERTIFICATE_ROOM, CHAIRMAN),
    "quota_": (LABOUR_SERVICE, SUPERVISOR, CHAIRMAN),
    "duty_register": ALL_ROLES,
    "relief_": (LABOUR_SERVICE, SUPERVISOR, CHAIRMAN),
    "massage_": (LABOUR_SERVICE, SUPERVISOR, CHAIRMAN),
    # the police-file lists carry cancellations of named holders: supervision.rules.POLICE_READERS
    "supervision_quarterly_list": (OFFICE, CERTIFICATE_ROOM, SUPERVISOR, CHAIRMAN),
    "supervision_year_report": (OFFICE, CERTIFICATE_ROOM, SUPERVISOR, CHAIRMAN),
    "supervision_": (SUPERVISOR, CHAIRMAN, OFFICE, LABOUR_SERVICE, CERTIFICATE_ROOM),
}


def document_readers(kind: str) -> tuple[str, ...]:
    for prefix, allowed in DOCUMENT_READERS.items():
        if kind.startswith(prefix):
            return allowed
    return (CHAIRMAN,)  # an undeclared kind: not the administrators (三员分立)
