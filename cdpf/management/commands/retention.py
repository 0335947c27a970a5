"""`manage.py retention`: apply the retention rules now (the worker does it daily):
delete job uploads and full error lists past retention.job_upload_days, clear expired
sessions, archive then delete audit entries past retention.audit_months (never under six
months). Every purge is audited."""

import json

from django.core.management.base import BaseCommand

from cdpf import audit, retention


class Command(BaseCommand):
    help = "Apply the retention rules now (job uploads, sessions, audit entries)"

    def handle(self, *args, **options):
        with audit.acting_as(None):
            result = retention.run_all()
        self.stdout.write(json.dumps(result))
