import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "warta.channels"
    label = "channels"
    verbose_name = _("Kotak masuk WhatsApp dan Instagram")

    def ready(self) -> None:
        from warta.channels.access import may_use_inbox
        from warta.channels.privacy import ConversationContacts
        from warta.channels.processing import process_pending
        from warta.channels.services import whatsapp_window_open
        from warta.core import nav, periodic, privacy
        from warta.notify.whatsapp import register_window_provider

        privacy.register(ConversationContacts())
        # The WhatsApp sender asks whether a contact wrote in the last 24 hours (a free-form notice).
        register_window_provider(whatsapp_window_open)
        nav.register(nav.NavItem("inbox", _("Kotak masuk"), "inbox", may_use_inbox, order=15))
        # Deliveries stored while the queue was down are processed by the timer.
        periodic.register("channels.process_pending", dt.timedelta(minutes=5), process_pending)
