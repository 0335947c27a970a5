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
# stay with the roles that work with them). Each app registers the kinds it prints in its
# AppConfig.ready (register_document_readers), as it registers its home-page items.
DOCUMENT_READERS: dict[str, tuple[str, ...]] = {}


def register_document_readers(prefix: str, allowed) -> None:
    DOCUMENT_READERS[prefix] = tuple(allowed)


def document_readers(kind: str) -> tuple[str, ...]:
    """The roles of the longest registered prefix of the kind."""
    matches = [prefix for prefix in DOCUMENT_READERS if kind.startswith(prefix)]
    if matches:
        return DOCUMENT_READERS[max(matches, key=len)]
    return (CHAIRMAN,)  # an undeclared kind: not the administrators (三员分立)
