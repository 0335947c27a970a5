"""Inspection photos: type checked by content, size limited, kept under the private storage
directory (never under static/ or media/) and read only through a view that audits it."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.attachments import check_upload
from massage_licensing.models import Inspection, InspectionPhoto

IMAGE_TYPES = {"image/jpeg", "image/png"}


def _root() -> Path:
    return Path(settings.PRIVATE_STORAGE_DIR) / "massage_inspections"


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
    data = upload.read()
    relative = Path(f"{timezone.localdate():%Y/%m}") / uuid.uuid4().hex
    target = _root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return InspectionPhoto.objects.create(
        inspection=inspection,
        caption=caption[:100],
        original_name=Path(upload.name).name[:200],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        path=str(relative),
        uploaded_by=actor,
    )


def photo_read(photo: InspectionPhoto) -> bytes:
    path = (_root() / photo.path).resolve()
    if _root().resolve() not in path.parents:
        raise ValidationError("bad photo path")
    return path.read_bytes()
