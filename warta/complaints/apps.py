from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "warta.complaints"
    label = "complaints"

    def ready(self) -> None:
        from warta.complaints.nav import register_nav
        from warta.complaints.privacy import ComplaintContacts
        from warta.complaints.watch import register_watches
        from warta.core import privacy

        register_watches()
        register_nav()
        privacy.register(ComplaintContacts())
