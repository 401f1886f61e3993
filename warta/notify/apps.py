from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "warta.notify"
    label = "notify"
    verbose_name = _("Pemberitahuan")

    def ready(self) -> None:
        from warta.core import privacy
        from warta.notify.privacy import AccountNotices

        privacy.register(AccountNotices())
