import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "warta.complaints"
    label = "complaints"
    verbose_name = _("Pengaduan, saran dan apresiasi")

    def ready(self) -> None:
        from warta.complaints.nav import register_nav
        from warta.complaints.privacy import ComplaintContacts
        from warta.complaints.services import close_expired
        from warta.complaints.watch import register_watches
        from warta.core import periodic, privacy

        register_watches()
        register_nav()
        from warta.complaints import channels

        channels.register()
        privacy.register(ComplaintContacts())
        # Answered complaints not reopened within 10 working days close (checked every 10 minutes).
        periodic.register("complaints.close_expired", dt.timedelta(minutes=10), close_expired)

    def load_demo(self, log=None) -> str:
        """Called by the desk's `load_demo` once the demo users exist."""
        from warta.complaints import demo

        return f"{demo.load(log=log)} pengaduan baru"
