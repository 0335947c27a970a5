"""Storing and reading attachments: type checked by content, size limited, private path."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cdpf import private_files
from cdpf.private_files import check_upload
from certificates.models import Attachment

AREA = "attachments"


@transaction.atomic
def attachment_store(*, actor, person, upload, kind: str, application=None) -> Attachment:
    """Keep an uploaded file under the private storage directory and record it."""
    content_type = check_upload(upload)
    if kind not in Attachment.Kind.values:
        raise ValidationError(_("Choose what the file is."), code="kind")
    return Attachment.objects.create(
        region=person.region,
        person=person,
        application=application,
        kind=kind,
        **private_files.store(upload, area=AREA, content_type=content_type),
        uploaded_by=actor,
    )


def attachment_read(attachment: Attachment) -> bytes:
    return private_files.read(AREA, attachment.path)


def latest_photo(person) -> Attachment | None:
    return person.attachments.filter(
        kind=Attachment.Kind.PHOTO, content_type__in=["image/jpeg", "image/png"]
    ).first()
