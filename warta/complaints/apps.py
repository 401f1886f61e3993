from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "warta.complaints"
    label = "complaints"

    def ready(self) -> None:
        from warta.complaints.watch import register_watches

        register_watches()
