"""The admin role manages designated hospitals and assessing doctors."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "add_hospital", "change_hospital", "view_hospital",
    "add_doctor", "change_doctor", "view_doctor",
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.get(name="admin")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="certificates",
                                                     codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial"), ("cdpf", "0005_create_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
