from django.core.management.base import BaseCommand, CommandError

from warta.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Issue a new API bearer token for USERNAME and print it (it is stored hashed, shown once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="A label for the token, e.g. the system using it.")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is not active.")
        _token, raw = ApiToken.issue(user, name=name)
        self.stdout.write(raw)
