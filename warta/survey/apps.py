from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "warta.survey"
    label = "survey"
    verbose_name = _("Survei Kepuasan Masyarakat")

    def ready(self) -> None:
        from warta.core import privacy
        from warta.desk.models import PublicationRequest
        from warta.desk.panels import register_panel
        from warta.desk.signals import request_published
        from warta.survey.privacy import SurveyAnswers
        from warta.survey.services import invitation_panel, on_request_published

        request_published.connect(
            on_request_published, sender=PublicationRequest, dispatch_uid="survey-invitation-on-publish"
        )
        register_panel("survey-invitation", invitation_panel)
        privacy.register(SurveyAnswers())

        from warta.survey.downloads import register_kinds

        register_kinds()
        self._stamp_public_pages()

        from warta.survey.nav import register_nav

        register_nav()

    def _stamp_public_pages(self) -> None:
        """The public results pages are cached until an answer, a period or a follow-up changes."""
        from django.db.models.signals import post_delete, post_save

        from warta.core.pagecache import bump
        from warta.survey.models import FollowUpAction, Period, Response

        def changed(**_kwargs) -> None:
            bump("survey")

        for model in (Response, Period, FollowUpAction):
            for signal in (post_save, post_delete):
                signal.connect(changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-{signal}", weak=False)
