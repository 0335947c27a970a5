"""Storing and reading attachments: type checked by content, size limited, private path."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import Attachment

# The first bytes of each accepted file type; the name and the browser's claim are not trusted.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def sniff(head: bytes) -> str | None:
    for magic, content_type in SIGNATURES.items():
        if head.startswith(magic):
            return content_type
    return None


def check_upload(upload) -> str:
    """The content type of an acceptable upload; a clear error otherwise."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; at most %(limit)s MB is accepted.")
            % {"size": round(upload.size / 1048576, 1), "limit": limit // 1048576},
            code="too_large",
        )
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise ValidationError(
            _("Only PDF, JPEG and PNG files are accepted; this file is none of them."),
            code="bad_type",
        )
    return content_type


def _root() -> Path:
    return Path(settings.PRIVATE_STORAGE_DIR) / "attachments"


@transaction.atomic
def attachment_store(*, actor, person, upload, kind: str, application=None) -> Attachment:
    """Keep an uploaded file under the private storage directory and record it."""
    content_type = check_upload(upload)
    if kind not in Attachment.Kind.values:
        raise ValidationError(_("Choose what the file is."), code="kind")
    data = upload.read()
    relative = Path(f"{timezone.localdate():%Y/%m}") / uuid.uuid4().hex
    target = _root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return Attachment.objects.create(
        region=person.region,
        person=person,
        application=application,
        kind=kind,
        original_name=Path(upload.name).name[:200],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        path=str(relative),
        uploaded_by=actor,
    )


def attachment_read(attachment: Attachment) -> bytes:
    path = (_root() / attachment.path).resolve()
    if _root().resolve() not in path.parents:
        raise ValidationError("bad attachment path")
    return path.read_bytes()


def latest_photo(person) -> Attachment | None:
    return person.attachments.filter(
        kind=Attachment.Kind.PHOTO, content_type__in=["image/jpeg", "image/png"]
    ).first()
