from pathlib import Path

from django.core.management.base import BaseCommand

from immunoprep.backups import backup_to, restore_from


class Command(BaseCommand):
    help = "Back up the database to FILE while the site runs, or restore it from FILE (--restore)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--restore", action="store_true", help="Replace the database's contents with FILE's.")

    def handle(self, *args, file, restore, **options):
        if restore:
            restore_from(file)
            self.stdout.write(f"Restored from {file}.")
        else:
            backup_to(file)
            self.stdout.write(f"Backed up to {file}. It holds health data: keep it encrypted.")
