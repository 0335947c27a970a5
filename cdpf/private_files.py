"""Uploaded scans and photos: type checked by content, size limited, kept under
PRIVATE_STORAGE_DIR (never under static/ or media/) with a random name, and read back only
from inside their own area. Every app's stored files go through here; each app's model keeps
the fields returned by store() and its views audit each read."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf import upload_limits

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
    data = upload.read()
    upload.seek(0)
    if content_type == "application/pdf":
        upload_limits.check_pdf(data)
    else:
        upload_limits.check_image(data)
    return content_type


def _root(area: str) -> Path:
    return Path(settings.PRIVATE_STORAGE_DIR) / area


def store(upload, *, area: str, content_type: str | None = None) -> dict:
    """Write a checked upload under the area; returns the fields its record keeps
    (original_name, content_type, size, sha256, path). `content_type` is given when the
    caller has checked the upload already."""
    content_type = content_type or check_upload(upload)
    data = upload.read()
    if content_type.startswith("image/"):
        data = upload_limits.reencode_image(data, content_type)  # no EXIF, no extra chunks
    relative = Path(f"{timezone.localdate():%Y/%m}") / uuid.uuid4().hex
    target = _root(area) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return {
        "original_name": Path(upload.name).name[:200],
        "content_type": content_type,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "path": str(relative),
    }


def read(area: str, relative: str) -> bytes:
    """The stored bytes; a path that leaves its area is refused."""
    root = _root(area).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValidationError("bad stored file path")
    return path.read_bytes()
