"""Hebei, Handan and its districts and counties (GB/T 2260), plus Shijiazhuang for a second city."""

from django.db import migrations

REGIONS = [
    ("130000", "河北省", "province", None),
    ("130400", "邯郸市", "city", "130000"),
    ("130402", "邯山区", "district", "130400"),
    ("130403", "丛台区", "district", "130400"),
    ("130404", "复兴区", "district", "130400"),
    ("130406", "峰峰矿区", "district", "130400"),
    ("130407", "肥乡区", "district", "130400"),
    ("130408", "永年区", "district", "130400"),
    ("130423", "临漳县", "district", "130400"),
    ("130424", "成安县", "district", "130400"),
    ("130425", "大名县", "district", "130400"),
    ("130426", "涉县", "district", "130400"),
    ("130427", "磁县", "district", "130400"),
    ("130430", "邱县", "district", "130400"),
    ("130431", "鸡泽县", "district", "130400"),
    ("130432", "广平县", "district", "130400"),
    ("130433", "馆陶县", "district", "130400"),
    ("130434", "魏县", "district", "130400"),
    ("130435", "曲周县", "district", "130400"),
    ("130481", "武安市", "district", "130400"),
    ("130100", "石家庄市", "city", "130000"),
    ("130102", "长安区", "district", "130100"),
]


def load(apps, schema_editor):
    Region = apps.get_model("cdpf", "Region")
    by_code = {}
    for code, name, level, parent in REGIONS:
        by_code[code] = Region.objects.update_or_create(
            code=code, defaults={"name": name, "level": level,
                                 "parent": by_code.get(parent)},
        )[0]


class Migration(migrations.Migration):
    dependencies = [("cdpf", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
