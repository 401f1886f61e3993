from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "warta.desk"
    label = "desk"

    def ready(self) -> None:
        from warta.desk.watch import register_watches

        register_watches()

        from warta.desk.nav import register_nav

        register_nav()
