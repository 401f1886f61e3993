from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "warta.notify"
    label = "notify"

    def ready(self) -> None:
        from warta.core import privacy
        from warta.notify.privacy import AccountNotices

        privacy.register(AccountNotices())
