"""Complaints in the Django admin: the categories are managed here; a complaint's status, clock and
timeline change only through the transition function, so they are read-only, and the complainant's
identity is shown only where the admin may see it (always: the admin is among those allowed)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from warta.complaints.models import Category, Complaint, ComplaintEvent


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "is_active", "order")
    list_editable = ("is_active", "order")
    search_fields = ("code", "label")


class EventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    fields = ("at", "action", "from_status", "to_status", "actor", "actor_label", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "channel", "status", "tier", "received_at", "due_at")
    list_filter = ("status", "kind", "channel", "tier")
    search_fields = ("number", "title", "lapor_tracking_id")
    date_hierarchy = "received_at"
    inlines = [EventInline]
    readonly_fields = (
        "number",
        "status",
        "tier",
        "tier_provisional",
        "received_at",
        "assignee",
        "answer",
        "answer_approved_at",
        "delivered_via",
        "answered_at",
        "reopen_until",
        "forwarded_to",
        "due_at",
        "sla_outcome",
    )
    exclude = ("consulted", "sla_started_at", "sla_allowed_seconds", "half_at", "at_risk_at", "paused_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # complaints are logged through the complaint pages and the API

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a complaint's events are its record
