"""Password expiry and history as national policy parameters (cdpf.passwords, decision 0125)."""

import datetime

from django.db import migrations

SOURCE = "GB/T 22239-2019 8.1.4.1 a)：身份标识具有唯一性，身份鉴别信息具有复杂度要求并定期更换"
PARAMETERS = [
    ("security.password_max_age_days", "90", "日", "口令最长使用期限，到期须更换"),
    ("security.password_history_count", "5", "个", "不得与最近几次使用过的口令相同"),
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
                "confirmed": True,
            },
        )


def unload(apps, schema_editor):
    PolicyParameter = apps.get_model("cdpf", "PolicyParameter")
    PolicyParameter.objects.filter(name__in=[p[0] for p in PARAMETERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("cdpf", "0011_passwords_and_one_session")]
    operations = [migrations.RunPython(load, unload)]
