from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "warta.desk"
    label = "desk"
    verbose_name = _("Permohonan publikasi")

    def ready(self) -> None:
        from warta.core import privacy
        from warta.desk.privacy import RequestContacts
        from warta.desk.watch import register_watches

        register_watches()
        privacy.register(RequestContacts())

        from warta.desk.nav import register_nav

        register_nav()
