"""Reading an uploaded sheet by column name (cdpf.spreadsheets.sheet_rows)."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

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


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# As Excel and WPS write them (openpyxl writes only inline strings): shared strings with rich
# runs and a phonetic reading, a date style, a formula's cached result, sparse cells and rows,
# cells and rows without a reference, a namespace prefix.
SHEET = f"""<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="{MAIN}"><x:dimension ref="A1"/><x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>
<x:c r="C1" t="inlineStr"><x:is><x:t>发证日期</x:t></x:is></x:c>
<x:c r="D1" t="inlineStr"><x:is><x:t>人数</x:t></x:is></x:c></x:row>
<x:row r="2"><x:c r="A2" t="str"><x:f>"13"&amp;"0408"</x:f><x:v>130408</x:v></x:c>
<x:c r="B2" t="s"><x:v>2</x:v></x:c><x:c r="C2" s="1"><x:v>43959</x:v></x:c>
<x:c r="D2"><x:v>12</x:v></x:c></x:row>
<x:row r="3"><x:c r="A3" s="1"/></x:row>
<x:row r="5"><x:c r="B5" t="inlineStr"><x:is><x:r><x:t>李</x:t></x:r>
<x:r><x:t xml:space="preserve">娜 </x:t></x:r></x:is></x:c><x:c r="D5"><x:v>1.5E2</x:v></x:c>
<x:c r="E5" t="b"><x:v>1</x:v></x:c><x:c r="F5" t="e"><x:v>#N/A</x:v></x:c></x:row>
<x:row><x:c><x:v>7</x:v></x:c><x:c t="inlineStr"><x:is><x:t>无坐标</x:t></x:is></x:c></x:row>
</x:sheetData></x:worksheet>"""
SHARED = f"""<sst xmlns="{MAIN}"><si><t>身份证号</t></si><si><t>姓名</t></si>
<si><r><t>王</t></r><r><t>喆</t></r><rPh sb="0" eb="1"><t>wang</t></rPh></si></sst>"""


def excel_workbook(sheet: str = SHEET) -> bytes:
    parts = {
        "[Content_Types].xml": f"""<Types
xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/></Types>""",
        "_rels/.rels": f"""<Relationships xmlns="{RELS}"><Relationship Id="rId1"
Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
        "xl/workbook.xml": f"""<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>
<sheet name="残疾人证" sheetId="1" r:id="rId1"/></sheets></workbook>""",
        "xl/_rels/workbook.xml.rels": f"""<Relationships xmlns="{RELS}">
<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId3" Type="{DOC}/styles" Target="styles.xml"/></Relationships>""",
        "xl/styles.xml": f"""<styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>
<xf numFmtId="14" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>""",
        "xl/sharedStrings.xml": SHARED,
        "xl/worksheets/sheet1.xml": sheet,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def trimmed(values) -> tuple:
    values = tuple(values)
    while values and values[-1] is None:
        values = values[:-1]
    return values


def test_an_excel_workbook_reads_as_openpyxl_reads_it():
    content = excel_workbook()
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    book.active.reset_dimensions()  # the file's dimension (A1) is wrong, as some writers make it
    expected = [
        (line, trimmed(values))
        for line, values in enumerate(book.active.iter_rows(values_only=True), start=1)
        if line > 1 and any(v not in (None, "") for v in values)
    ]
    rows = [(line, trimmed(row._values)) for line, row in sheet_rows(content, required=["姓名"])]
    assert rows == expected
    assert [line for line, _ in rows] == [2, 5, 6]
    assert rows[0][1] == ("130408", "王喆", datetime.datetime(2020, 5, 8), 12)
    assert rows[1][1] == (None, "李娜 ", None, 150.0, True, "#N/A")
    assert rows[2][1] == (7, "无坐标")


def test_a_worksheet_declaring_entities_or_cut_short_is_refused():
    bomb = SHEET.replace("<x:worksheet", '<!DOCTYPE x [<!ENTITY a "aaaa">]><x:worksheet', 1)
    with pytest.raises(ValidationError, match="xlsx"):
        sheet_rows(excel_workbook(bomb), required=["姓名"])
    cut = SHEET[: SHEET.index('<x:row r="5">') + 20]  # refused when the reader gets there
    with pytest.raises(ValidationError, match="xlsx"):
        list(sheet_rows(excel_workbook(cut), required=["姓名"]))


def test_rows_the_upload_check_cannot_count_are_stopped_by_the_reader(settings):
    """Prefixed <x:row> tags are not what the upload check counts (it looks for "<row "): the
    reader itself stops past SPREADSHEET_MAX_ROWS."""
    content = excel_workbook()
    settings.SPREADSHEET_MAX_ROWS = 5  # the sheet holds 5 row elements
    assert len(list(sheet_rows(content, required=["姓名"]))) == 3
    settings.SPREADSHEET_MAX_ROWS = 4
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        list(sheet_rows(content, required=["姓名"]))
    assert refused.value.code == "xlsx_too_many_rows"
    assert refused.value.messages == ["表格超过 4 行；一个文件最多 4 行。"]
