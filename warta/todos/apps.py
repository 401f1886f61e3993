from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TodosConfig(AppConfig):
    name = "warta.todos"
    label = "todos"
    verbose_name = _("Tugas")

    def ready(self) -> None:
        from warta.core import privacy
        from warta.todos.nav import register_nav
        from warta.todos.privacy import WhatsAppTodos

        register_nav()
        privacy.register(WhatsAppTodos())
