from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "warta.core"
    label = "core"
    verbose_name = _("Kantor")

    def ready(self) -> None:
        import datetime as dt

        from django.db.models.signals import post_delete, post_save

        from warta.core import periodic
        from warta.core.downloads import prune as prune_downloads
        from warta.core.models import OfficeProfile
        from warta.core.pagecache import OFFICE, bump
        from warta.core.ratelimit import prune_counters

        def office_changed(**_kwargs) -> None:
            bump(OFFICE)

        post_save.connect(office_changed, sender=OfficeProfile, dispatch_uid="pagecache-office-save", weak=False)
        post_delete.connect(office_changed, sender=OfficeProfile, dispatch_uid="pagecache-office-delete", weak=False)
        periodic.register("core.prune_downloads", dt.timedelta(hours=1), prune_downloads)
        periodic.register("core.prune_rate_counters", dt.timedelta(hours=1), prune_counters)
