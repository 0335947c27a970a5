"""2026 public holidays and 调休 working days (国务院办公厅通知, 2025-11-04)."""

import datetime

from django.db import migrations

SOURCE = "国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）"


def span(start, end):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


D = datetime.date
HOLIDAYS = [
    ("元旦", D(2026, 1, 1), D(2026, 1, 3)),
    ("春节", D(2026, 2, 15), D(2026, 2, 23)),
    ("清明节", D(2026, 4, 4), D(2026, 4, 6)),
    ("劳动节", D(2026, 5, 1), D(2026, 5, 5)),
    ("端午节", D(2026, 6, 19), D(2026, 6, 21)),
    ("中秋节", D(2026, 9, 25), D(2026, 9, 27)),
    ("国庆节", D(2026, 10, 1), D(2026, 10, 7)),
]
WORKDAYS = [
    ("元旦调休", D(2026, 1, 4)),
    ("春节调休", D(2026, 2, 14)),
    ("春节调休", D(2026, 2, 28)),
    ("劳动节调休", D(2026, 5, 9)),
    ("国庆节调休", D(2026, 9, 20)),
    ("国庆节调休", D(2026, 10, 10)),
]


def load(apps, schema_editor):
    CalendarDay = apps.get_model("cdpf", "CalendarDay")
    for name, start, end in HOLIDAYS:
        for day in span(start, end):
            CalendarDay.objects.update_or_create(
                date=day, defaults={"kind": "holiday", "name": name, "source": SOURCE}
            )
    for name, day in WORKDAYS:
        CalendarDay.objects.update_or_create(
            date=day, defaults={"kind": "workday", "name": name, "source": SOURCE}
        )


class Migration(migrations.Migration):
    dependencies = [("cdpf", "0003_load_policy_parameters")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
