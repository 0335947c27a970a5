"""The policy numbers of the massage qualification that cdpf's parameter table lacked."""

import datetime

from django.db import migrations

D = datetime.date
MASSAGE = "残联发〔2007〕29号及地方规定"
LOCAL = "永年区残联（待核实）"

# name, region code or None, value, type, unit, from, to, description, source, confirmed
PARAMETERS = [
    ("massage.certificate_number_format", None, "盲按认〔{year}〕第{seq:04d}号", "text", "",
     D(2007, 1, 1), None, "盲人保健按摩机构资格认定证书编号格式（{year} 年份，{seq} 顺序号）",
     MASSAGE, False),
    ("massage.certificate_number_format", "130408", "永残盲按认〔{year}〕第{seq:04d}号", "text",
     "", D(2020, 1, 1), None, "永年区盲人保健按摩机构资格认定证书编号格式", LOCAL, False),
    ("massage.review_interval_months", None, "12", "integer", "月", D(2007, 1, 1), None,
     "年审周期（自认定或上次年审通过之日起）", MASSAGE, False),
    ("massage.rectification_working_days", None, "20", "integer", "工作日", D(2007, 1, 1),
     None, "年审不合格的整改期限", LOCAL, False),
    ("massage.review_due_window_days", None, "30", "integer", "日", D(2007, 1, 1), None,
     "年审到期提醒：到期日前多少日列入待年审名单", LOCAL, False),
]


def load(apps, schema_editor):
    Region = apps.get_model("cdpf", "Region")
    PolicyParameter = apps.get_model("cdpf", "PolicyParameter")
    for (name, code, value, vtype, unit, start, end, description, source,
         confirmed) in PARAMETERS:
        PolicyParameter.objects.get_or_create(
            name=name, region=Region.objects.get(code=code) if code else None,
            valid_from=start,
            defaults={"value": value, "value_type": vtype, "unit": unit, "valid_to": end,
                      "description": description, "source": source, "confirmed": confirmed},
        )


def unload(apps, schema_editor):
    PolicyParameter = apps.get_model("cdpf", "PolicyParameter")
    PolicyParameter.objects.filter(name__in={p[0] for p in PARAMETERS}).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cdpf", "0003_load_policy_parameters"),
        ("massage_licensing", "0001_institutions_practitioners_applications"),
    ]
    operations = [migrations.RunPython(load, unload)]
