"""Resource limits on uploads (issue 15 item 7, decision 0126): a workbook is measured before
it is read; an image is limited in pixels, must decode, and is re-encoded without its
metadata; a PDF that carries scripts or launch actions is refused."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# --- workbooks -----------------------------------------------------------------------------


def check_xlsx(content: bytes) -> None:
    """Refuse a workbook whose parts unpack to more than SPREADSHEET_MAX_UNCOMPRESSED bytes
    (a 409 KB file unpacked to 400 MB) or whose sheets hold more than SPREADSHEET_MAX_ROWS
    rows, before openpyxl reads any of it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return  # not a zip: the reader refuses it with its own message
    total = sum(info.file_size for info in infos)
    limit = settings.SPREADSHEET_MAX_UNCOMPRESSED
    if total > limit:
        raise ValidationError(
            _("The workbook unpacks to %(size)s MB; at most %(limit)s MB is accepted.")
            % {"size": total // 1048576, "limit": limit // 1048576},
            code="xlsx_too_large",
        )
    max_rows = settings.SPREADSHEET_MAX_ROWS
    for info in infos:
        if not re.fullmatch(r"xl/worksheets/sheet\d+\.xml", info.filename):
            continue
        rows, previous = 0, b""
        with archive.open(info) as handle:
            while chunk := handle.read(1 << 20):
                window = previous + chunk  # a tag split across two chunks is still seen once
                rows += _row_tags(window) - _row_tags(previous)
                previous = chunk[-5:]
        if rows > max_rows:
            raise ValidationError(
                _("The workbook has %(rows)s rows; at most %(limit)s are accepted in one file.")
                % {"rows": rows, "limit": max_rows},
                code="xlsx_too_many_rows",
            )


def _row_tags(data: bytes) -> int:
    return data.count(b"<row ") + data.count(b"<row>")


# --- images --------------------------------------------------------------------------------


def check_image(data: bytes) -> None:
    """Refuse an image that does not decode or has more than ATTACHMENT_MAX_PIXELS pixels."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > settings.ATTACHMENT_MAX_PIXELS:
                raise ValidationError(
                    _(
                        "The image is %(w)s×%(h)s pixels; at most %(mp)s million pixels are "
                        "accepted. Scan or photograph at a lower resolution."
                    )
                    % {"w": width, "h": height, "mp": settings.ATTACHMENT_MAX_PIXELS // 10**6},
                    code="too_many_pixels",
                )
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # verify() does not decode the pixels; a truncated file fails here
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(
            _("The image cannot be read (damaged or not really an image)."), code="bad_image"
        ) from exc


def reencode_image(data: bytes, content_type: str) -> bytes:
    """The same picture written anew: no EXIF (place, camera, time), no comments, no extra
    chunks; the orientation the camera recorded is applied first."""
    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        if content_type == "image/png":
            image.save(out, format="PNG", optimize=True)
        else:
            image.convert("RGB").save(out, format="JPEG", quality=90, optimize=True)
    return out.getvalue()


# --- PDFs ----------------------------------------------------------------------------------

ACTIVE_NAMES = (b"/JavaScript", b"/JS", b"/Launch", b"/RichMedia", b"/XFA")
STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


def _unescape_names(data: bytes) -> bytes:
    """PDF names may hide letters as #xx (/J#61vaScript)."""
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), data)


def _has_active_name(data: bytes) -> bool:
    data = _unescape_names(data)
    return any(re.search(re.escape(name) + rb"(?![A-Za-z])", data) for name in ACTIVE_NAMES)


def check_pdf(data: bytes) -> None:
    """Refuse a PDF with JavaScript, launch actions, rich media or XFA forms, in its objects or
    inside compressed object streams."""
    parts = [data]
    for match in STREAM.finditer(data):
        try:
            parts.append(zlib.decompressobj().decompress(match[1], 20 * 1024 * 1024))
        except zlib.error:
            continue
    if any(_has_active_name(part) for part in parts):
        raise ValidationError(
            _("The PDF contains scripts or actions; print it to PDF again or scan the paper."),
            code="pdf_active_content",
        )
