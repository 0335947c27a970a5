"""Issue 15 item 7: the uploads that took the worker to 1.22 GB, printed a 9000×9000 card
photo, stored a corrupt PNG, or served a PDF with JavaScript are refused at the door; photos
lose their metadata."""

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

from cdpf import private_files
from cdpf.spreadsheets import sheet_rows
from cdpf.upload_limits import check_pdf, check_xlsx
from tests.image_utils import tiny_png


def xlsx_with(rows: int, padding: int = 0) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "备注"])
    for n in range(rows):
        sheet.append(["王喆", "x" * padding if padding else n])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_that_unpacks_too_large_is_refused_before_reading(settings):
    settings.SPREADSHEET_MAX_UNCOMPRESSED = 1 << 20
    bomb = xlsx_with(100, padding=30_000)  # 3 MB of text that compresses to a few KB
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError) as refused:
        sheet_rows(bomb, required=["姓名"])
    assert refused.value.code == "xlsx_too_large"


def test_a_workbook_with_too_many_rows_is_refused(settings):
    settings.SPREADSHEET_MAX_ROWS = 100
    with pytest.raises(ValidationError) as refused:
        check_xlsx(xlsx_with(150))
    assert "150" in refused.value.messages[0] or "151" in refused.value.messages[0]
    check_xlsx(xlsx_with(50))


def test_rows_are_counted_across_read_chunks(settings):
    settings.SPREADSHEET_MAX_ROWS = 30_000
    check_xlsx(xlsx_with(25_000))  # several 1 MB chunks, not refused
    settings.SPREADSHEET_MAX_ROWS = 24_999
    with pytest.raises(ValidationError) as raised:
        check_xlsx(xlsx_with(25_000))
    assert raised.value.code == "xlsx_too_many_rows"


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_a_huge_image_is_refused(settings):
    settings.ATTACHMENT_MAX_PIXELS = 1_000_000
    big = io.BytesIO()
    Image.new("L", (2000, 2000)).save(big, format="PNG")  # small file, 4 million pixels
    with pytest.raises(ValidationError) as refused:
        private_files.check_upload(upload(big.getvalue(), "a.png"))
    assert refused.value.code == "too_many_pixels"


def test_a_corrupt_png_is_refused():
    corrupt = tiny_png((40, 40))[:60] + b"\0" * 200
    with pytest.raises(ValidationError) as refused:
        private_files.check_upload(upload(corrupt, "photo.png"))
    assert refused.value.code == "bad_image"
    with pytest.raises(ValidationError) as raised:
        private_files.check_upload(upload(b"\x89PNG\r\n\x1a\n" + b"0" * 64, "photo.png"))
    assert raised.value.code == "bad_image"


def test_a_stored_photo_loses_its_metadata(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x8825] = {2: (39.0, 54.0, 0.0)}  # GPS
    original = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 120, 200)).save(original, format="JPEG", exif=exif)
    assert b"CameraMaker" in original.getvalue()
    fields = private_files.store(upload(original.getvalue(), "p.jpg"), area="test")
    kept = private_files.read("test", fields["path"])
    assert b"CameraMaker" not in kept and b"Exif" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert image.size == (30, 20)
    assert fields["size"] == len(kept)


JS_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
    b" endobj\n%%EOF"
)


def test_a_pdf_with_javascript_is_refused():
    with pytest.raises(ValidationError) as raised:
        check_pdf(JS_PDF)
    assert raised.value.code == "pdf_active_content"
    with pytest.raises(ValidationError) as raised:
        check_pdf(JS_PDF.replace(b"/JavaScript", b"/J#61vaScript"))
    assert raised.value.code == "pdf_active_content"


def test_javascript_hidden_in_a_compressed_stream_is_found():
    hidden = zlib.compress(b"<< /S /JavaScript /JS (x) >>")
    pdf = b"%PDF-1.5\n2 0 obj << /Type /ObjStm /Filter /FlateDecode >> stream\n" + hidden
    with pytest.raises(ValidationError) as raised:
        check_pdf(pdf + b"\nendstream endobj\n%%EOF")
    assert raised.value.code == "pdf_active_content"


def test_an_ordinary_pdf_passes():
    check_pdf(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF")
    # a name that merely starts like one of the refused names is not refused
    check_pdf(b"%PDF-1.4\n1 0 obj << /JSONData 1 >> endobj\n%%EOF")


def test_a_file_that_is_not_a_zip_is_left_to_the_readers_own_error():
    check_xlsx(b"not a zip")
    with pytest.raises(ValidationError) as refused:
        sheet_rows(b"not a zip", required=["姓名"])
    assert "xlsx" in refused.value.messages[0]
