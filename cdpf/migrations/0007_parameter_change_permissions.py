"""Administrators propose and approve parameter changes; nobody edits a value directly any more
(cdpf.admin.PolicyParameterAdmin is read only, decision 0120)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANT = ["add_parameterchange", "view_parameterchange"]
REVOKE = ["add_policyparameter", "change_policyparameter"]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="admin").first()
    if group is None:
        return
    for codename in GRANT:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="cdpf", codename=codename)
        )
    group.permissions.remove(
        *Permission.objects.filter(content_type__app_label="cdpf", codename__in=REVOKE)
    )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="admin").first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="cdpf", codename__in=REVOKE)
    )


class Migration(migrations.Migration):
    dependencies = [("cdpf", "0006_parameter_changes_four_eyes")]
    operations = [migrations.RunPython(forwards, backwards)]
