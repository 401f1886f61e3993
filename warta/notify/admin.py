from django.contrib import admin

from warta.notify.models import Notice, OutgoingMessage, WhatsAppMessage, WhatsAppTemplate


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "level", "text", "read_at", "resolved_at"]
    list_filter = ["level", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["text", "recipient__username"]


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "status", "attempts", "sent_at", "message_id"]
    list_filter = ["status", "channel"]
    search_fields = ["subject", "message_id", "to"]
    readonly_fields = [f.name for f in OutgoingMessage._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(WhatsAppMessage)
class WhatsAppMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "kind", "template_name", "status", "attempts", "subject", "wamid"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "wamid", "subject", "key"]
    readonly_fields = [f.name for f in WhatsAppMessage._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(WhatsAppTemplate)
class WhatsAppTemplateAdmin(admin.ModelAdmin):
    list_display = ["event", "name", "language", "params", "active"]
    list_editable = ["active"]
