from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "warta.standards"
    label = "standards"
