"""Stored checklists (applications and yearly reviews) named the policy parameter's key in
their source, e.g. "（参数 massage.min_area_m2，自 2007-01-01 起）", which was shown on screen and
printed in the 不予认定通知书. Replace each key by the parameter's description."""

import re

from django.db import migrations

KEY = re.compile(r"参数 (massage\.[a-z0-9_]+)，")


def rewrite(apps, schema_editor):
    PolicyParameter = apps.get_model("cdpf", "PolicyParameter")
    descriptions = dict(
        PolicyParameter.objects.filter(name__startswith="massage.")
        .order_by("name", "region_id")
        .values_list("name", "description")
    )

    def clean(source: str) -> str:
        return KEY.sub(lambda m: "“" + descriptions.get(m[1], "本地规定") + "”，", source)

    for model_name in ("QualificationApplication", "YearlyReview"):
        model = apps.get_model("massage_licensing", model_name)
        for row in model.objects.exclude(checklist=[]).iterator():
            checklist = [dict(c, source=clean(c.get("source", ""))) for c in row.checklist]
            if checklist != row.checklist:
                row.checklist = checklist
                row.save(update_fields=["checklist"])


class Migration(migrations.Migration):
    dependencies = [
        ("cdpf", "0003_load_policy_parameters"),
        ("massage_licensing", "0005_review_exception_reapply_and_unmet_requirements"),
    ]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
