from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "warta.standards"
    label = "standards"
    verbose_name = _("Standar pelayanan")

    def ready(self) -> None:
        """The standard's public page is cached until any part of the standard changes."""
        from django.db.models.signals import post_delete, post_save

        from warta.core.pagecache import bump
        from warta.standards.models import Component, Flow, FlowEdge, FlowNode, Service, ServiceValue

        def changed(**_kwargs) -> None:
            bump("standards")

        for model in (Service, Component, Flow, FlowNode, FlowEdge, ServiceValue):
            for signal in (post_save, post_delete):
                signal.connect(changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-{signal}", weak=False)
