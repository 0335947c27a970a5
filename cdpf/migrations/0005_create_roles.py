"""The staff roles as groups, with the model permissions each holds (cdpf.roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = [
    "office", "certificate_room", "education_employment", "labour_service", "chairman",
    "supervisor", "admin",
]
PERMISSIONS = {
    "admin": [
        "duties.add_unit", "duties.change_unit", "duties.view_unit",
        "duties.add_duty", "duties.change_duty", "duties.delete_duty", "duties.view_duty",
        "duties.add_workitem", "duties.change_workitem", "duties.delete_workitem",
        "duties.view_workitem",
        "duties.add_publicservice", "duties.change_publicservice",
        "duties.delete_publicservice", "duties.view_publicservice",
        "duties.view_registerversion",
        "cdpf.add_policyparameter", "cdpf.change_policyparameter", "cdpf.view_policyparameter",
        "cdpf.add_calendarday", "cdpf.change_calendarday", "cdpf.delete_calendarday",
        "cdpf.view_calendarday",
        "cdpf.view_auditentry", "cdpf.view_region", "cdpf.view_generateddocument",
    ],
    "supervisor": ["cdpf.view_auditentry"],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        for label in PERMISSIONS.get(role, []):
            app_label, codename = label.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cdpf", "0004_load_calendar_2026"),
        ("duties", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
