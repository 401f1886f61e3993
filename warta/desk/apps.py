from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "warta.desk"
    label = "desk"

    def ready(self) -> None:
        from warta.core import privacy
        from warta.desk.privacy import RequestContacts
        from warta.desk.watch import register_watches

        register_watches()
        privacy.register(RequestContacts())
