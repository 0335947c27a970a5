"""The published template of the police (公安) file."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from supervision.rules import EVENT_TYPES, POLICE_COLUMNS


def police_template() -> bytes:
    """An .xlsx with the five columns, one example row and the accepted event types."""
    book = Workbook()
    sheet = book.active
    sheet.title = "公安数据"
    # the header only: an example row would be imported with the file (and a real-looking
    # number could propose cancelling a real holder's certificate); the example is in 说明
    sheet.append(POLICE_COLUMNS)
    rule = DataValidation(
        type="list", formula1='"' + ",".join(EVENT_TYPES) + '"', allow_blank=False
    )
    sheet.add_data_validation(rule)
    rule.add("C2:C100000")
    for column, width in zip("ABCDE", (22, 12, 12, 14, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.column_dimensions["A"].number_format = "@"  # ID numbers typed as text
    notes = book.create_sheet("说明")
    for line in (
        "每行一条公安部门提供的死亡或户籍注销信息。",
        "身份证号码：18位居民身份证号码（请设置为文本格式，避免末位被改写）。",
        "事件类型：死亡 或 户籍注销。",
        "事件日期：如 2026-03-31。",
        "示例（请勿照抄）：身份证号码 130408XXXXXXXXXXXX，姓名 张某，事件类型 死亡，"
        "事件日期 2026-03-31，派出所 永年区公安局临洺关派出所。",
        "也可上传 CSV 文件（UTF-8 或 GB18030/GBK 编码），首行为上述列名。",
    ):
        notes.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
