"""Inspection photos: type checked by content, size limited, kept under the private storage
directory (never under static/ or media/) and read only through a view that audits it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cdpf import private_files
from cdpf.private_files import check_upload
from massage_licensing.models import Inspection, InspectionPhoto

IMAGE_TYPES = {"image/jpeg", "image/png"}


AREA = "massage_inspections"  # under PRIVATE_STORAGE_DIR


def check_photo(upload) -> str:
    try:
        content_type = check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"photos": [f"{upload.name}: {m}" for m in exc.messages]}) from exc
    if content_type not in IMAGE_TYPES:
        raise ValidationError(
            {
                "photos": _("%(name)s: inspection photos must be JPEG or PNG images.")
                % {"name": upload.name}
            }
        )
    return content_type


def photo_store(*, actor, inspection: Inspection, upload, caption: str = "") -> InspectionPhoto:
    content_type = check_photo(upload)
    return InspectionPhoto.objects.create(
        inspection=inspection,
        caption=caption[:100],
        **private_files.store(upload, area=AREA, content_type=content_type),
        uploaded_by=actor,
    )


def photo_read(photo: InspectionPhoto) -> bytes:
    return private_files.read(AREA, photo.path)
