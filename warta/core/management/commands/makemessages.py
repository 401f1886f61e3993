from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Also extracts the `_l` alias of gettext_lazy (used where `_` is gettext in the same module)."""

    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
