"""The format of relief decision numbers as a policy parameter (editable in admin)."""

import datetime

from django.db import migrations

NAME = "relief.decision_number_format"


def load(apps, schema_editor):
    Region = apps.get_model("cdpf", "Region")
    PolicyParameter = apps.get_model("cdpf", "PolicyParameter")
    PolicyParameter.objects.get_or_create(
        name=NAME,
        region=Region.objects.get(code="130408"),
        valid_from=datetime.date(2020, 1, 1),
        defaults={
            "value": "永残就减〔{year}〕{n}号",
            "value_type": "text",
            "unit": "",
            "valid_to": None,
            "description": "减缓免审批决定文号格式（{year} 为决定年度，{n} 为当年序号）",
            "source": "永年区残联发文字号惯例（待核实）",
            "confirmed": False,
        },
    )


def unload(apps, schema_editor):
    apps.get_model("cdpf", "PolicyParameter").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("levy_relief", "0001_relief_applications"),
        ("cdpf", "0003_load_policy_parameters"),
    ]
    operations = [migrations.RunPython(load, unload)]
