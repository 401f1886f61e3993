from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "warta.social"
    label = "social"
    verbose_name = _("Akun media sosial")

    def ready(self) -> None:
        import datetime as dt

        from warta.core import periodic
        from warta.social.accounts import check_accounts
        from warta.social.nav import register_nav
        from warta.social.publishing import sweep

        register_nav()

        periodic.register("social.sweep", dt.timedelta(minutes=1), sweep)
        periodic.register("social.check_accounts", dt.timedelta(days=1), check_accounts.enqueue)
