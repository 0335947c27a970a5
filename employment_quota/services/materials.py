"""Materials filed for a declared employee: storing and reading them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cdpf import private_files
from employment_quota.models import (
    MATERIAL_KINDS,
    Declaration,
    DeclaredEmployee,
    MaterialFile,
)
from employment_quota.services.common import _require

# --- The materials checklist: scans stored privately ------------------------------------------


MATERIALS_AREA = "quota_materials"  # under PRIVATE_STORAGE_DIR


@transaction.atomic
def material_store(*, actor, employee: DeclaredEmployee, upload, kind: str):
    """Keep one scan of an employee's materials and tick the item on the checklist. Type
    checked by content, size limited (the certificates' attachment rules), stored outside
    static/media under a random name."""
    _require(actor)
    declaration = employee.declaration
    if declaration.state in (Declaration.State.APPROVED, Declaration.State.REJECTED):
        raise ValidationError(_("The declaration is decided; its materials can no longer change."))
    if kind not in MaterialFile.Kind.values:
        raise ValidationError({"kind": _("Choose what the file is.")})
    stored = MaterialFile.objects.create(
        region=declaration.region,
        declaration=declaration,
        person_id=employee.certificate.person_id,
        kind=kind,
        **private_files.store(upload, area=MATERIALS_AREA),
        uploaded_by=actor,
    )
    label = MATERIAL_KINDS[kind]
    if label not in employee.materials:
        employee.materials = [*employee.materials, label]
        employee.save()
    return stored


def material_read(material) -> bytes:
    return private_files.read(MATERIALS_AREA, material.path)
