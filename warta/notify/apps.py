from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "warta.notify"
    label = "notify"
