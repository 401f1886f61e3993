from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "warta.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluasi dan pengawasan")

    def ready(self) -> None:
        # --- figures: the dashboard's menu entry, the monthly pack built in the worker ---
        from warta.evaluation import figures_access, pack

        figures_access.register_nav()
        pack.register_kinds()
        # --- end of figures ---
