from django.core.management.base import BaseCommand

from community.digest import send_digests


class Command(BaseCommand):
    help = "Email every follower the new need sheets in the territories and themes they follow (run daily)."

    def handle(self, *args, **options):
        sent, listed = send_digests()
        self.stdout.write(f"{sent} digest(s) sent, {listed} need sheet(s) listed.")
