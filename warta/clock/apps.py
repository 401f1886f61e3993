from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClockConfig(AppConfig):
    name = "warta.clock"
    label = "clock"
    verbose_name = _("Jam layanan")

    def ready(self) -> None:
        from warta.clock import probe, services

        services.connect_signals()
        probe.register_watch()

        from warta.clock.nav import register_nav

        register_nav()
