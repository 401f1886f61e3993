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
        self._records_ready()

    # --- meetings, violations and sanctions, staff records (§3–§5) ---------------------------------
    def _records_ready(self) -> None:
        import datetime as dt

        from warta.clock.services import register_breach_link
        from warta.core import periodic
        from warta.evaluation.meetings import remind_missing_meeting
        from warta.evaluation.nav import register_record_nav
        from warta.evaluation.views_records import violation_link

        # From the 25th, the kabid and pimpinan are reminded once of a month without a meeting.
        periodic.register("evaluation.meeting_reminder", dt.timedelta(hours=1), remind_missing_meeting)
        register_breach_link(violation_link)
        register_record_nav()
