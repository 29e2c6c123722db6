from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one folder (core/backups.py)."

    def add_arguments(self, parser):
        parser.add_argument("--to", help="the folder to create (default: backups/<date-time>/)")

    def handle(self, *args, **options):
        try:
            folder, info = backup(options["to"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up to {folder}: {info['pages']} pages, {info['documents']} documents, {info['accounts']} accounts."
        )
