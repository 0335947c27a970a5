"""The audited list for the tax bureau."""

import io

from cdpf.spreadsheets import neutralise
from employment_quota.rules import EMPLOYER_TYPES

TAX_COLUMNS = [
    "统一社会信用代码",
    "单位名称",
    "单位类型",
    "在职职工年平均人数",
    "已安排（计入）人数",
    "差额人数",
    "计征平均工资（元）",
    "征收比例",
    "应缴保障金（元）",
    "是否逾期",
]


def tax_workbook(declarations) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("保障金征收名单")
    sheet.append(TAX_COLUMNS)
    for d in declarations:
        sheet.append(
            [
                neutralise(d.employer.credit_code),
                neutralise(d.employer.name),
                EMPLOYER_TYPES[d.employer.employer_type],
                float(d.staff),
                float(d.counted),
                float(d.shortfall),
                float(d.average_wage),
                float(d.rate),
                float(d.amount_due),
                "是" if d.late else "否",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
