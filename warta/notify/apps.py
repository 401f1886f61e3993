from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "warta.notify"
    label = "notify"
    verbose_name = _("Pemberitahuan")

    def ready(self) -> None:
        import datetime as dt

        from warta.core import periodic, privacy
        from warta.notify.privacy import AccountNotices, OutgoingMessages, WhatsAppMessages
        from warta.notify.send import prune_sent
        from warta.notify.whatsapp import sweep

        privacy.register(AccountNotices())
        privacy.register(OutgoingMessages())
        privacy.register(WhatsAppMessages())
        periodic.register("notify.prune_sent", dt.timedelta(hours=1), prune_sent)
        periodic.register("notify.whatsapp_sweep", dt.timedelta(minutes=1), sweep)
