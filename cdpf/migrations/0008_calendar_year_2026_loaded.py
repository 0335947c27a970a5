"""The 2026 calendar loaded by 0004 is complete: record its year as loaded."""

from django.db import migrations

SOURCE = "国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）"


def load(apps, schema_editor):
    CalendarYear = apps.get_model("cdpf", "CalendarYear")
    CalendarYear.objects.get_or_create(year=2026, defaults={"source": SOURCE})


def unload(apps, schema_editor):
    apps.get_model("cdpf", "CalendarYear").objects.filter(year=2026).delete()


class Migration(migrations.Migration):
    dependencies = [("cdpf", "0007_calendar_year")]
    operations = [migrations.RunPython(load, unload)]
