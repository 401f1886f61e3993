from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "warta.desk"
    label = "desk"
