from django.core.management.base import BaseCommand

from warta.complaints.services import close_expired


class Command(BaseCommand):
    help = "Close answered complaints not reopened within 10 working days (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        closed = close_expired()
        for number in closed:
            self.stdout.write(f"closed {number}")
        self.stdout.write(f"{len(closed)} complaint(s) closed")
