"""Printed document numbers (发文字号) per document kind and the appeal rights printed on
adverse decisions, as effective-dated policy parameters (decision 0130)."""

import datetime

from django.db import migrations

D = datetime.date(2020, 1, 1)
STYLE = "《党政机关公文格式》(GB/T 9704-2012) 7.2.4 发文字号"
LOCAL = "永年区残联发文字号惯例（待核实）"
REVIEW_LAW = "《中华人民共和国行政复议法》(2023年修订) 第二十条、第二十四条"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》第四十六条"

# {region} is the district's short name (永年), {year} the year, {n} the running number
FORMATS = [
    ("supervision_notice", "监检", "监督检查通知书"),
    ("supervision_order", "监改", "责令限期整改通知书"),
    ("supervision_result", "监告", "监督检查结果公告"),
    ("supervision_year_report", "监报", "年度残疾人证动态管理核销情况报告"),
    ("certificate_cancellation", "证注", "残疾人证注销通知书"),
    ("certificate_transfer", "证迁", "残疾人证迁移证明"),
    ("massage_rejection", "按不", "盲人保健按摩机构不予认定通知书"),
    ("massage_revocation", "按撤", "盲人保健按摩机构资格撤销决定书"),
    ("relief_decision", "就不", "保障金减缓免不予批准决定书（批准决定用批准文号）"),
]

# name, region code or None, value, type, unit, description, source, confirmed
PARAMETERS = [
    *[
        (f"document.number_format.{kind}", None, f"{{region}}残{word}〔{{year}}〕{{n}}号",
         "text", "", f"{title}发文字号格式（{{region}} 为区县简称，{{year}} 年度，{{n}} 当年序号）",
         STYLE, False)
        for kind, word, title in FORMATS
    ],
    *[
        (f"document.number_format.{kind}", "130408", f"永残{word}〔{{year}}〕{{n}}号", "text",
         "", f"{title}发文字号格式（{{year}} 年度，{{n}} 当年序号）", LOCAL, False)
        for kind, word, title in FORMATS
    ],
    ("appeal.review_body", None, "{region}人民政府", "text", "",
     "行政复议机关（县级以上地方各级人民政府工作部门的行政行为，由本级人民政府管辖；"
     "{region} 为区县全称）", REVIEW_LAW, False),
    ("appeal.review_body", "130408", "邯郸市永年区人民政府", "text", "",
     "行政复议机关", REVIEW_LAW, False),
    ("appeal.court", None, "{region}人民法院", "text", "",
     "行政诉讼管辖法院（实行集中管辖的地区按指定法院填写；{region} 为区县全称）",
     LITIGATION_LAW, False),
    ("appeal.court", "130408", "邯郸市永年区人民法院", "text", "",
     "行政诉讼管辖法院（是否集中管辖待核实）", LITIGATION_LAW, False),
    ("appeal.review_days", None, "60", "integer", "日", "申请行政复议期限（自知道行政行为之日起）",
     REVIEW_LAW, True),
    ("appeal.litigation_months", None, "6", "integer", "月",
     "提起行政诉讼期限（自知道或者应当知道作出行政行为之日起）", LITIGATION_LAW, True),
]


def load(apps, schema_editor):
    Region = apps.get_model("cdpf", "Region")
    PolicyParameter = apps.get_model("cdpf", "PolicyParameter")
    for name, code, value, vtype, unit, description, source, confirmed in PARAMETERS:
        PolicyParameter.objects.get_or_create(
            name=name,
            region=Region.objects.get(code=code) if code else None,
            valid_from=D,
            defaults={"value": value, "value_type": vtype, "unit": unit, "valid_to": None,
                      "description": description, "source": source, "confirmed": confirmed},
        )


def unload(apps, schema_editor):
    apps.get_model("cdpf", "PolicyParameter").objects.filter(
        name__in={p[0] for p in PARAMETERS}
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cdpf", "0006_document_numbers_verify_codes_revocations")]
    operations = [migrations.RunPython(load, unload)]
