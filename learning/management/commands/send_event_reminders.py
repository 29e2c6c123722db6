from django.core.management.base import BaseCommand

from learning.events import send_reminders


class Command(BaseCommand):
    help = "Email a reminder to everyone registered for an event that starts within 24 hours (run hourly)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_reminders()} reminder(s) sent.")
