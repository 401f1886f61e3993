from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "warta.notify"
    label = "notify"

    def ready(self) -> None:
        import datetime as dt

        from warta.core import periodic, privacy
        from warta.notify.privacy import AccountNotices, OutgoingMessages
        from warta.notify.send import prune_sent

        privacy.register(AccountNotices())
        privacy.register(OutgoingMessages())
        periodic.register("notify.prune_sent", dt.timedelta(hours=1), prune_sent)
