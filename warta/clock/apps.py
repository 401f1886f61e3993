from django.apps import AppConfig


class ClockConfig(AppConfig):
    name = "warta.clock"
    label = "clock"
