"""Uploaded scans and photos: type checked by content, size limited, kept in the "private"
storage (Django STORAGES: a local folder, PRIVATE_STORAGE_DIR, by default; S3-compatible
object storage when PRIVATE_STORAGE_S3_BUCKET is set, so web nodes keep nothing on local
disk) under a random name, never under static/ or media/, and read back only from inside
their own area. Every app's stored files go through here; each app's model keeps the fields
returned by store() and its views audit each read (docs/decisions/0082)."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf import crypto, upload_limits

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


class EncryptingStorageMixin:
    """Every file AES-GCM encrypted on write and decrypted on read (cdpf.crypto, decision
    0160), so neither the folder nor the bucket holds a readable scan; callers see plain
    bytes. A stored file that is not encrypted, or does not decrypt, raises DecryptionError
    (`manage.py encrypt_private_files` encrypts what was stored before)."""

    def _save(self, name, content):
        content.seek(0)
        sealed = crypto.encrypt_file(content.read())
        return super()._save(name, ContentFile(sealed))

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("private files are written only through save()")
        with super()._open(name, "rb") as stored:
            data = stored.read()
        return ContentFile(crypto.decrypt_file(data), name=name)

    def read_sealed(self, name) -> bytes:
        """The bytes as stored (encrypted): for re-encryption and tests."""
        with super()._open(name, "rb") as stored:
            return stored.read()

    def write_sealed(self, name, data: bytes) -> None:
        """Replace a stored file's bytes as they are (already encrypted)."""
        self.delete(name)
        saved = super()._save(name, ContentFile(data))
        if saved != name:  # pragma: no cover - the name was just freed
            raise RuntimeError(f"{name} was stored as {saved}")


class PrivateFileSystemStorage(EncryptingStorageMixin, FileSystemStorage):
    """The local private folder: always PRIVATE_STORAGE_DIR as currently set (tests move it),
    never served under a URL."""

    def __init__(self, **kwargs):
        kwargs.pop("location", None)
        kwargs.pop("base_url", None)
        kwargs.setdefault("file_permissions_mode", 0o600)  # 0600 files in 0700 folders
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

    @property
    def base_location(self):
        return str(settings.PRIVATE_STORAGE_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files are served only through views")


def _storage():
    return storages["private"]


def _name(area: str, relative: str) -> str:
    """The storage name of a stored file; a path that leaves its area is refused."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts or "\\" in relative:
        raise ValidationError("bad stored file path")
    return f"{area}/{relative}"


def store(upload, *, area: str, content_type: str | None = None) -> dict:
    """Write a checked upload under the area; returns the fields its record keeps
    (original_name, content_type, size, sha256, path). `content_type` is given when the
    caller has checked the upload already."""
    content_type = content_type or check_upload(upload)
    data = upload.read()
    if content_type.startswith("image/"):
        data = upload_limits.reencode_image(data, content_type)  # no EXIF, no extra chunks
    relative = f"{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}"
    saved = _storage().save(_name(area, relative), ContentFile(data))
    return {
        "original_name": Path(upload.name).name[:200],
        "content_type": content_type,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "path": saved.removeprefix(f"{area}/"),
    }


def read(area: str, relative: str) -> bytes:
    """The stored bytes; a path that leaves its area is refused."""
    with _storage().open(_name(area, relative), "rb") as stored:
        return stored.read()



try:  # django-storages is a dependency; boto3 is imported only when the class is used
    from storages.backends.s3 import S3Storage
except ImportError:  # pragma: no cover
    S3Storage = None

if S3Storage is not None:

    class EncryptedS3Storage(EncryptingStorageMixin, S3Storage):
        """S3-compatible object storage, every object encrypted here before it leaves."""
