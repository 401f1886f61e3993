from django.contrib import admin

from warta.todos.models import Todo


@admin.register(Todo)
class TodoAdmin(admin.ModelAdmin):
    """The parts add and settle to-dos; the admin may read them, reassign one, or mark it done."""

    list_display = ("title", "kind", "assignee", "role", "created_at", "done_at", "done_by")
    list_filter = ("kind", "role", ("done_at", admin.EmptyFieldListFilter))
    search_fields = ("title", "key", "detail")
    list_select_related = ("assignee", "done_by")
    raw_id_fields = ("assignee", "done_by")
    fields = ("key", "kind", "title", "detail", "url", "page", "assignee", "role", "created_at", "done_at", "done_by")
    readonly_fields = ("key", "kind", "url", "page", "created_at")

    def has_add_permission(self, request) -> bool:
        return False
