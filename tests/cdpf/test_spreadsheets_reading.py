"""Reading an uploaded sheet by column name (cdpf.spreadsheets.sheet_rows)."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from cdpf.spreadsheets import sheet_rows


def workbook(rows, title="Sheet") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_rows_are_read_by_column_name_and_blank_rows_skipped():
    content = workbook([["姓名", "人数"], ["王喆", 12.0], [None, None], [" 李娜 ", None]])
    rows = [
        (line, row.text("姓名"), row.text("人数"))
        for line, row in sheet_rows(content, required=["姓名"])
    ]
    assert rows == [(2, "王喆", "12"), (4, "李娜", "")]


def test_a_missing_column_or_an_unreadable_file_is_refused_at_once():
    with pytest.raises(ValidationError, match="人数"):
        sheet_rows(workbook([["姓名"]]), required=["姓名", "人数"])
    with pytest.raises(ValidationError, match="xlsx"):
        sheet_rows(b"PK\x03\x04 not a workbook", required=["姓名"])
