"""Staff roles. Each is a Django group (created by migration) with model permissions."""

from django.utils.translation import gettext_lazy as _

OFFICE = "office"
CERTIFICATE_ROOM = "certificate_room"
EDUCATION_EMPLOYMENT = "education_employment"
LABOUR_SERVICE = "labour_service"
CHAIRMAN = "chairman"
SUPERVISOR = "supervisor"
ADMIN = "admin"

ROLE_LABELS = {
    OFFICE: _("Office (办公室)"),
    CERTIFICATE_ROOM: _("Certificate room (办证室)"),
    EDUCATION_EMPLOYMENT: _("Education and employment section (教育就业科)"),
    LABOUR_SERVICE: _("Labour employment service centre (劳动就业服务所)"),
    CHAIRMAN: _("Chairman (理事长)"),
    SUPERVISOR: _("Supervisor (监督)"),
    ADMIN: _("Administrator"),
}
ALL_ROLES = tuple(ROLE_LABELS)
STAFF_ROLES = ALL_ROLES  # every role may read the duty register

# The model permissions each role's group holds are set by cdpf/migrations/0005_create_roles.py.


# Who may open a stored document again, by the start of its kind (personal and health data
# stay with the roles that work with them).
DOCUMENT_READERS = {
    "certificate_": (OFFICE, CERTIFICATE_ROOM, CHAIRMAN),
    "quota_": (LABOUR_SERVICE, SUPERVISOR, CHAIRMAN, ADMIN),
    "duty_register": ALL_ROLES,
    "relief_": (LABOUR_SERVICE, SUPERVISOR, CHAIRMAN, ADMIN),
    "massage_": (LABOUR_SERVICE, SUPERVISOR, CHAIRMAN, ADMIN),
    # the police-file lists carry cancellations of named holders: supervision.rules.POLICE_READERS
    "supervision_quarterly_list": (OFFICE, CERTIFICATE_ROOM, SUPERVISOR, CHAIRMAN),
    "supervision_year_report": (OFFICE, CERTIFICATE_ROOM, SUPERVISOR, CHAIRMAN),
    "supervision_": (SUPERVISOR, CHAIRMAN, ADMIN, OFFICE, LABOUR_SERVICE, CERTIFICATE_ROOM),
}


def document_readers(kind: str) -> tuple[str, ...]:
    for prefix, allowed in DOCUMENT_READERS.items():
        if kind.startswith(prefix):
            return allowed
    return (ADMIN,)
