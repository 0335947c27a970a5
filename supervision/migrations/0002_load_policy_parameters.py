"""The policy numbers of supervision as effective-dated parameters (DOMAIN.md [param])."""

import datetime

from django.db import migrations

SOURCE = "参照《信访工作条例》(2022)及本地投诉举报办理惯例，天数待核实"
PARAMETERS = [
    ("supervision.complaint_assign_working_days", "5", "工作日",
     "投诉举报受理后交办（指派核查人）时限"),
    ("supervision.complaint_reply_working_days", "20", "工作日",
     "投诉举报自受理之日起核查并答复时限"),
]  # fmt: skip


def load(apps, schema_editor):
    PolicyParameter = apps.get_model("cdpf", "PolicyParameter")
    for name, value, unit, description in PARAMETERS:
        PolicyParameter.objects.get_or_create(
            name=name,
            region=None,
            valid_from=datetime.date(2020, 1, 1),
            defaults={
                "value": value,
                "value_type": "integer",
                "unit": unit,
                "description": description,
                "source": SOURCE,
                "confirmed": False,
            },
        )


def unload(apps, schema_editor):
    PolicyParameter = apps.get_model("cdpf", "PolicyParameter")
    PolicyParameter.objects.filter(name__in=[p[0] for p in PARAMETERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_supervision_records"), ("cdpf", "0003_load_policy_parameters")]
    operations = [migrations.RunPython(load, unload)]
