"""`manage.py restore ARCHIVE`: verify the archive against its manifest, then replace the
database and the private folder with it (stop web, worker and backup first: docs/deploy.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cdpf import backup


class Command(BaseCommand):
    help = "Restore a backup archive written by manage.py backup (replaces everything)"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="do not ask before replacing the data"
        )

    def handle(self, *args, archive, yes=False, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} does not exist.")
        if not yes:
            try:
                answer = input(
                    "This replaces the whole database and every private file. Type 'restore': "
                )
            except EOFError:
                answer = ""
            if answer.strip() != "restore":
                raise CommandError(
                    "Nothing was changed (confirm by typing restore, or pass --yes)."
                )
        try:
            result = backup.restore_backup(archive)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {archive}: version {result.manifest['app_version']}, written "
            f"{result.manifest['created_at']}, {sum(result.manifest['rows'].values())} rows "
            f"(counts checked), {result.files} private files (sha256 checked)."
        )
        if result.previous_private_dir:
            self.stdout.write(
                f"The private folder as it was is kept in {result.previous_private_dir}; "
                "delete it once the restore is checked."
            )
