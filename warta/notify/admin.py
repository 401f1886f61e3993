from django.contrib import admin

from warta.notify.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "level", "text", "read_at", "resolved_at"]
    list_filter = ["level", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["text", "recipient__username"]
