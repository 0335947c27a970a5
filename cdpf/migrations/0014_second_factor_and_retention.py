"""The audit actions of the second factor and of retention (decisions 0150, 0151), and the
retention periods as national policy parameters."""

import datetime

from django.db import migrations, models


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

    dependencies = [
        ('cdpf', '0013_merge_20261130_0428'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('create', 'Create'), ('update', 'Update'), ('delete', 'Delete'), ('login', 'Login'), ('login_failed', 'Failed login'), ('logout', 'Logout'), ('view', 'View sensitive record'), ('export', 'Export'), ('import', 'Import'), ('print', 'Print document'), ('publish', 'Publish'), ('login_refused', 'Sign-in refused (waiting or locked)'), ('denied', 'Refused or not found (403/404)'), ('search_id', 'Search by ID number'), ('lookup', 'Cross-district existence lookup'), ('login_password', 'Password accepted, second step due'), ('purge', 'Retention: deleted or archived')], db_index=True, max_length=20, verbose_name='action'),
        ),
        migrations.RunPython(load, unload),
    ]
