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
        from warta.desk import posting

        posting.register()  # told when a post Warta made settles
        privacy.register(RequestContacts())
        from warta.desk import channels

        channels.register()

        from warta.desk.notifications import whatsapp_panel
        from warta.desk.panels import register_panel

        register_panel("whatsapp-messages", whatsapp_panel)
        self._periodic()

        from warta.desk.nav import register_nav

        register_nav()

    def _periodic(self) -> None:
        import datetime as dt

        from warta.core import periodic
        from warta.desk.intake import clean_abandoned

        # Files kept on request forms that were abandoned for a day (and old one-use form keys).
        periodic.register("desk.clean_pending_uploads", dt.timedelta(hours=1), clean_abandoned)
