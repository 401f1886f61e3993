from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "warta.survey"
    label = "survey"
