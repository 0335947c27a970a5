"""The yearly publication of approved reliefs as xlsx (formula cells neutralised)."""

from __future__ import annotations

import io

from openpyxl import Workbook

from cdpf.spreadsheets import neutralise
from levy_relief.rules import KIND_WORDS

PUBLICATION_COLUMNS = [
    "序号",
    "单位名称",
    "统一社会信用代码",
    "类型",
    "保障金年度",
    "金额（元）",
    "缓缴至",
    "审批机关",
    "批准文号",
    "决定日期",
    "理由",
]


def publication_workbook(rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("减缓免缴公示")
    sheet.append(PUBLICATION_COLUMNS)
    for index, a in enumerate(rows, start=1):
        sheet.append(
            [
                index,
                neutralise(a.employer.name),
                neutralise(a.employer.credit_code),
                KIND_WORDS[a.kind],
                a.levy_year,
                float(a.amount),
                a.new_due_date.isoformat() if a.new_due_date else "",
                neutralise(a.approver_title),
                neutralise(a.decision_number),
                a.decided_on.isoformat(),
                neutralise(a.decision_reason),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
