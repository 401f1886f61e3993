from django.contrib import admin

from warta.social.models import Account


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    """Tokens are set by `connect_account` or the connect flow, and never shown."""

    list_display = ("platform", "handle", "account_id", "status", "is_active", "expires_at", "last_checked_at")
    list_filter = ("platform", "status", "is_active")
    fields = ("platform", "account_id", "handle", "scopes", "status", "status_note", "is_active", "expires_at")
    readonly_fields = ("platform", "account_id", "scopes", "expires_at")

    def has_add_permission(self, request) -> bool:
        return False
