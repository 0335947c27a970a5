"""三员分立 (decision 0124): the security and audit administrators as roles; the system
administrator ("admin") manages accounts but no longer reads the audit log."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "admin": ["cdpf.add_user", "cdpf.change_user", "cdpf.view_user"],
    "security_admin": ["cdpf.change_user", "cdpf.view_user", "auth.view_group"],
    "audit_admin": ["cdpf.view_auditentry"],
}
REVOKE = {"admin": ["cdpf.view_auditentry"]}


def permission(Permission, label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, labels in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[permission(Permission, label) for label in labels])
    for name, labels in REVOKE.items():
        group = Group.objects.get(name=name)
        group.permissions.remove(*[permission(Permission, label) for label in labels])


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name__in=["security_admin", "audit_admin"]).delete()
    group = Group.objects.get(name="admin")
    group.permissions.add(permission(Permission, "cdpf.view_auditentry"))
    group.permissions.remove(
        *[permission(Permission, label) for label in GRANTS["admin"]]
    )


class Migration(migrations.Migration):
    dependencies = [("cdpf", "0009_load_signin_parameters")]
    operations = [migrations.RunPython(forwards, backwards)]
