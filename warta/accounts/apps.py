from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "warta.accounts"
    label = "accounts"
