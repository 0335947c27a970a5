"""换领 only inside a renewal window before expiry (issue 12, part 5): a policy parameter."""

import datetime

from django.db import migrations

CERT = "《中华人民共和国残疾人证管理办法》(残联发〔2017〕29号)"


def load(apps, schema_editor):
    PolicyParameter = apps.get_model("cdpf", "PolicyParameter")
    PolicyParameter.objects.get_or_create(
        name="certificate.renewal_window_days",
        region=None,
        valid_from=datetime.date(2018, 1, 1),
        defaults={
            "value": "90",
            "value_type": "integer",
            "unit": "日",
            "valid_to": None,
            "description": "有效期满前可申请换领的天数（期满后随时可换领）",
            "source": CERT + "（期满前换领期限待核实）",
            "confirmed": False,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cdpf", "0005_create_roles"),
        ("certificates", "0011_handover_receiver_and_labels"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
