"""The cap of the late surcharge as a policy parameter: 《行政强制法》第四十五条, a 滞纳金 never
exceeds the amount owed (editable in admin)."""

import datetime

from django.db import migrations

NAME = "relief.surcharge_cap_multiple"


def load(apps, schema_editor):
    PolicyParameter = apps.get_model("cdpf", "PolicyParameter")
    PolicyParameter.objects.get_or_create(
        name=NAME,
        region=None,
        valid_from=datetime.date(2012, 1, 1),
        defaults={
            "value": "1",
            "value_type": "decimal",
            "unit": "倍未缴款额",
            "valid_to": None,
            "description": "滞纳金上限（不得超出未缴款额的倍数）",
            "source": "《中华人民共和国行政强制法》第四十五条：加处罚款或者滞纳金的数额不得超出"
            "金钱给付义务的数额",
            "confirmed": True,
        },
    )


def unload(apps, schema_editor):
    apps.get_model("cdpf", "PolicyParameter").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("levy_relief", "0002_load_decision_number_format")]
    operations = [migrations.RunPython(load, unload)]
