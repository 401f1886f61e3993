from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "warta.core"
    label = "core"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from warta.core.models import OfficeProfile
        from warta.core.pagecache import OFFICE, bump

        def office_changed(**_kwargs) -> None:
            bump(OFFICE)

        post_save.connect(office_changed, sender=OfficeProfile, dispatch_uid="pagecache-office-save", weak=False)
        post_delete.connect(office_changed, sender=OfficeProfile, dispatch_uid="pagecache-office-delete", weak=False)
