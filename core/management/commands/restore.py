from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and the uploaded files with a backup's (core/backups.py)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder made by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, **options):
        if not options["yes"]:
            answer = input("This replaces the whole database and every uploaded file. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            info = restore(options["folder"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup of {info['created']}: {info['pages']} pages, {info['documents']} documents, "
            f"{info['accounts']} accounts."
        )
