"""Retention periods as national policy parameters (cdpf.retention, decision 0151)."""

import datetime

from django.db import migrations

PARAMETERS = [
    ("retention.job_upload_days", "90", "日",
     "导入文件（名册、申报表、公安文件）及其完整错误清单在任务结束后保存的天数，期满删除",
     "《个人信息保护法》第十九条"),
    ("retention.audit_months", "6", "个月",
     "审计记录在数据库中保存的月数，期满先归档再删除；不少于6个月",
     "《网络安全法》第二十一条；GB/T 22239-2019 8.1.4.3"),
]  # fmt: skip


def load(apps, schema_editor):
    PolicyParameter = apps.get_model("cdpf", "PolicyParameter")
    for name, value, unit, description, source in PARAMETERS:
        PolicyParameter.objects.get_or_create(
            name=name,
            region=None,
            valid_from=datetime.date(2020, 1, 1),
            defaults={
                "value": value,
                "value_type": "integer",
                "unit": unit,
                "description": description,
                "source": source,
                "confirmed": True,
            },
        )


def unload(apps, schema_editor):
    PolicyParameter = apps.get_model("cdpf", "PolicyParameter")
    PolicyParameter.objects.filter(name__in=[p[0] for p in PARAMETERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("cdpf", "0014_second_factor_and_retention_actions")]
    operations = [migrations.RunPython(load, unload)]
