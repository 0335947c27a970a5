"""The sign-in throttle's numbers as national policy parameters (cdpf.signin, decision 0121)."""

import datetime

from django.db import migrations

SOURCE = "GB/T 22239-2019 8.1.4.1 b)：应具有登录失败处理功能，应配置并启用结束会话、限制非法登录次数"
PARAMETERS = [
    ("security.signin_free_failures", "3", "次", "同一账号连续失败几次后开始延时"),
    ("security.signin_address_free_failures", "10", "次", "同一地址连续失败几次后开始延时"),
    ("security.signin_delay_cap_seconds", "900", "秒", "每次失败延时加倍，最长不超过"),
    ("security.signin_lock_failures", "30", "次", "窗口期内失败达此次数锁定账号，须管理员解锁"),
    ("security.signin_failure_window_hours", "24", "小时", "统计登录失败的窗口期"),
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
    dependencies = [("cdpf", "0008_signin_throttle_and_audit_actions")]
    operations = [migrations.RunPython(load, unload)]
