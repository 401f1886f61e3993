from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "warta.survey"
    label = "survey"
    verbose_name = _("Survei Kepuasan Masyarakat")

    def ready(self) -> None:
        from warta.desk.models import PublicationRequest
        from warta.desk.signals import request_published
        from warta.survey.services import on_request_published

        request_published.connect(
            on_request_published, sender=PublicationRequest, dispatch_uid="survey-invitation-on-publish"
        )
