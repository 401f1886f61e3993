"""The desk in the Django admin. The status and the timeline change only through the transition
function, so they are read-only here; events cannot be added, changed or deleted."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from warta.desk.models import (
    Attachment,
    Event,
    PlatformPost,
    PublicationRequest,
    StandingDisposition,
    YearSequence,
)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = Event
    extra = 0
    fields = ("at", "action", "from_status", "to_status", "actor", "actor_label", "on_behalf", "note")
    readonly_fields = fields
    show_change_link = True


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("kind", "download", "original_name", "content_type", "size", "alt_text", "uploaded_by", "uploaded_at")
    readonly_fields = ("download", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # uploads are checked by content on the request page and the API

    @admin.display(description=_("berkas"))
    def download(self, obj: Attachment) -> str:
        # Uploaded files have no URL of their own: link the access-checked download view.
        url = reverse("attachment-file", kwargs={"number": obj.request.number, "pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Unduh"))


class PlatformPostInline(admin.TabularInline):
    model = PlatformPost
    extra = 0
    fields = ("platform", "scheduled_for", "url", "published_at", "not_published_reason")


# The service clock and the outcome: written only by the transitions and the timers.
SERVICE_TIME_FIELDS = (
    "sla_started_at",
    "sla_allowed_seconds",
    "due_at",
    "half_at",
    "at_risk_at",
    "paused_at",
    "paused_seconds",
    "sla_closed_at",
    "sla_outcome",
    "published_at",
    "reject_reason",
    "created_at",
    "updated_at",
)


@admin.register(PublicationRequest)
class PublicationRequestAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "organization", "channel", "status", "received_at", "due_at", "assignee")
    list_filter = ("status", "channel", "sla_outcome", "organization")
    search_fields = ("number", "title", "contact_name", "letter_number", "agenda_number")
    date_hierarchy = "received_at"
    list_select_related = ("organization", "assignee")
    raw_id_fields = ("created_by",)
    inlines = (AttachmentInline, PlatformPostInline, EventInline)
    readonly_fields = ("number", "status", "assignee", "received_at", "channel", "organization", *SERVICE_TIME_FIELDS)
    fieldsets = (
        (None, {"fields": ("number", "organization", "channel", "received_at", "status", "assignee", "service")}),
        (_("Isi"), {"fields": ("title", "caption", "captions", "platforms", "publish_at", "collaborator", "links")}),
        (_("Narahubung"), {"fields": ("contact_name", "contact_phone", "contact_email")}),
        (
            _("Surat"),
            {
                "fields": (
                    "letter_number",
                    "letter_date",
                    "letter_signatory",
                    "letter_signed",
                    "letter_stamped",
                    "agenda_number",
                )
            },
        ),
        (_("Waktu layanan"), {"fields": SERVICE_TIME_FIELDS}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # requests are made by intake (portal, staff logging, API), which numbers them


@admin.register(Event)
class EventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("request", "action", "from_status", "to_status", "actor", "on_behalf", "at")
    list_filter = ("action",)
    search_fields = ("request__number", "note")
    list_select_related = ("request", "actor")
    date_hierarchy = "at"


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("request", "kind", "original_name", "content_type", "size", "uploaded_at")
    list_filter = ("kind", "content_type")
    search_fields = ("request__number", "original_name", "alt_text")
    list_select_related = ("request",)
    readonly_fields = ("request", "file", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(PlatformPost)
class PlatformPostAdmin(admin.ModelAdmin):
    list_display = ("request", "platform", "scheduled_for", "url", "published_at")
    list_filter = ("platform",)
    search_fields = ("request__number", "url")
    list_select_related = ("request",)
    raw_id_fields = ("request",)


@admin.register(StandingDisposition)
class StandingDispositionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "channel", "organization", "note", "is_active", "created_by", "created_at")
    list_filter = ("is_active", "channel")
    raw_id_fields = ("created_by",)


@admin.register(YearSequence)
class YearSequenceAdmin(admin.ModelAdmin):
    list_display = ("year", "last")
