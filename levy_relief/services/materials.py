"""The materials of an application: adding and reading a scan, and the materials check."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cdpf import private_files
from levy_relief import flows
from levy_relief.models import ReliefApplication, ReliefMaterial
from levy_relief.services.common import Material, _require, _step

AREA = "levy_relief"  # under PRIVATE_STORAGE_DIR


@transaction.atomic
def material_add(*, actor, application: ReliefApplication, kind: str, upload) -> ReliefMaterial:
    """Keep an uploaded material under private storage (type checked by content)."""
    _require(actor, flows.RECEIVERS)
    if application.state in flows.FINAL_STATES:
        raise ValidationError(_("The application is decided; its file is closed."))
    if kind not in Material.values:
        raise ValidationError({"kind": _("Choose what the file is.")})
    return ReliefMaterial.objects.create(
        application=application,
        kind=kind,
        **private_files.store(upload, area=AREA),
        uploaded_by=actor,
    )


def material_read(material: ReliefMaterial) -> bytes:
    return private_files.read(AREA, material.path)


def _require_scans(application: ReliefApplication) -> None:
    """Each material the checklist names must be on file as a scan: ticks alone proved
    nothing (issue 19 item 20)."""
    stored = set(application.materials.values_list("kind", flat=True))
    unscanned = [m for m in Material.values if m not in stored]
    if unscanned:
        labels = dict(Material.choices)
        raise ValidationError(
            _(
                "No scan is on file for: %(m)s. Upload each material the checklist names "
                "before it is ticked as in order."
            )
            % {"m": "、".join(str(labels[m]) for m in unscanned)},
            code="scans_missing",
        )


@transaction.atomic
def materials_check(
    *, actor, application: ReliefApplication, ticked: list[str], on: datetime.date
) -> ReliefApplication:
    """材料审查: every required material ticked and on file as a scan → checked."""
    missing = [m for m in Material.values if m not in ticked]
    if missing:
        labels = dict(Material.choices)
        raise ValidationError(
            _("Not every material is ticked; missing: %(m)s. Return the application instead.")
            % {"m": "、".join(str(labels[m]) for m in missing)}
        )
    application = _step(actor, application, "check")
    _require_scans(application)
    application.materials_ticked = list(Material.values)
    application.missing, application.return_note = [], ""
    application.checked_by, application.checked_on = actor, on
    application.save()
    return application
