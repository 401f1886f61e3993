from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from warta.accounts.invitations import send_invitation
from warta.accounts.models import ApiToken, Delegation, Organization, User


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "organization", "is_active"]
    list_filter = ["groups", "is_active", "organization__kind"]
    autocomplete_fields = ["organization"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Warta"), {"fields": ("organization", "phone", "position", "nip")}),
    )
    actions = ["send_invitations"]

    @admin.action(description=_("Kirim undangan/ tautan buat kata sandi"))
    def send_invitations(self, request, queryset):
        count = 0
        for user in queryset.filter(is_active=True).exclude(email=""):
            send_invitation(user, request.user)
            count += 1
        messages.success(request, _("%(n)d undangan dikirim.") % {"n": count})


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["delegate", "role", "kind", "on_behalf_of", "starts_on", "ends_on"]
    list_filter = ["role", "kind"]
    autocomplete_fields = ["delegate", "on_behalf_of"]

    def save_model(self, request, obj, form, change):
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are issued with `manage.py issue_token`, shown once

    @admin.action(description=_("Cabut token"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoke()
