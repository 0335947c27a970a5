"""`manage.py backup`: one archive of the database and every private file (cdpf.backup).

manage.py backup --output /backups/cdpf.tar       one archive at that path
manage.py backup --into /backups                  /backups/cdpf-<time>.tar
manage.py backup --schedule --into /backups       the compose service: daily at
    BACKUP_TIME (02:30), into daily/ keeping BACKUP_KEEP_DAILY (7), Sundays also into
    weekly/ keeping BACKUP_KEEP_WEEKLY (5)
"""

import datetime
import logging
import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cdpf import backup

logger = logging.getLogger("cdpf.backup")


class Command(BaseCommand):
    help = "Back up the database and every private file into one verified archive"

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--output", type=Path, help="the archive to write")
        where.add_argument("--into", type=Path, help="a folder: the archive is named by time")
        parser.add_argument("--schedule", action="store_true", help="run daily, with retention")

    def handle(self, *args, output=None, into=None, schedule=False, **options):
        if schedule:
            if into is None:
                raise CommandError("--schedule needs --into FOLDER")
            return self.run_schedule(into)
        target = output or into / backup.archive_name(timezone.now())
        try:
            result = backup.create_backup(target)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.report(result)

    def report(self, result):
        files = sum(1 for n in result.manifest["files"] if n.startswith(backup.PRIVATE_PREFIX))
        self.stdout.write(
            f"Backup written: {result.path} (version {result.manifest['app_version']}, "
            f"{sum(result.manifest['rows'].values())} rows, {files} private files)"
        )

    def run_schedule(self, into: Path):
        at = datetime.time.fromisoformat(os.environ.get("BACKUP_TIME", "02:30"))
        keep_daily = int(os.environ.get("BACKUP_KEEP_DAILY", "7"))
        keep_weekly = int(os.environ.get("BACKUP_KEEP_WEEKLY", "5"))
        self.stdout.write(
            f"Backups daily at {at:%H:%M} into {into}: keeping {keep_daily} daily, "
            f"{keep_weekly} weekly"
        )
        while True:
            wake = backup.next_run(timezone.now(), at)
            time.sleep(max(0.0, (wake - timezone.localtime()).total_seconds()))
            try:
                path = backup.scheduled_backup(into, timezone.now(), keep_daily, keep_weekly)
                logger.info("backup written", extra={"archive": str(path)})
            except Exception:
                logger.exception("backup failed")  # JSON error line (and Sentry when on)
