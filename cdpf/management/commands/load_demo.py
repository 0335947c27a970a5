"""Demo accounts for trying the system out. Refuses to run in production."""

import importlib

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import module_has_submodule

from cdpf import roles
from cdpf.audit import acting_as
from cdpf.models import Region, User

DEMO_PASSWORD = "Demo-2026!cdpf"
# username, display name, region, roles
ACCOUNTS = [
    ("yn_admin", "永年区系统管理员", "130408", [roles.ADMIN]),
    ("yn_secadmin", "永年区安全管理员", "130408", [roles.SECURITY_ADMIN]),
    ("yn_auditor", "永年区审计管理员", "130408", [roles.AUDIT_ADMIN]),
    ("yn_office", "永年区办公室", "130408", [roles.OFFICE]),
    ("yn_cert", "永年区办证室", "130408", [roles.CERTIFICATE_ROOM]),
    ("yn_edu", "永年区教育就业科", "130408", [roles.EDUCATION_EMPLOYMENT]),
    ("yn_labour", "永年区劳动就业服务所", "130408", [roles.LABOUR_SERVICE]),
    ("yn_chair", "永年区理事长", "130408", [roles.CHAIRMAN]),
    ("yn_super", "永年区监督员", "130408", [roles.SUPERVISOR]),
    ("hd_super", "邯郸市监督员", "130400", [roles.SUPERVISOR]),
    ("ct_office", "丛台区办公室", "130403", [roles.OFFICE]),
    ("ct_cert", "丛台区办证室", "130403", [roles.CERTIFICATE_ROOM]),
]

class Command(BaseCommand):
    help = "Create the demo accounts (password in README). Only with DEBUG on, or --force."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="create them even with DEBUG off (never in production)",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo accounts are not created with DEBUG off (use --force).")
        with acting_as(None):
            for username, name, code, role_names in ACCOUNTS:
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={"display_name": name, "region": Region.objects.get(code=code)},
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.is_staff = bool(set(role_names) & set(roles.ADMIN_ROLES))
                    user.save()
                user.groups.set(Group.objects.filter(name__in=role_names))
            # Each installed app may bring its own demo records in <app>/demo.py, a function
            # load(stdout); they run in the order of INSTALLED_APPS (lower layers first).
            for app_config in apps.get_app_configs():
                if module_has_submodule(app_config.module, "demo"):
                    importlib.import_module(f"{app_config.name}.demo").load(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo accounts ready ({', '.join(a[0] for a in ACCOUNTS)}); "
                f"password: {DEMO_PASSWORD}"
            )
        )
