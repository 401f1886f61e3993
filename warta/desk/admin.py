"""The desk in the Django admin. The status and the timeline change only through the transition
function, so they are read-only here; events cannot be added, changed or deleted. A correction of a
request's content, contact, letter, service or post links is the table's `edit` move (an event with
the old and new values), and a request is never deleted (its events would go with it), nor are its
attachments (part of its record)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from warta.desk import transitions
from warta.desk.models import (
    Attachment,
    Event,
    Platform,
    PlatformPost,
    PublicationRequest,
    StandingDisposition,
    Status,
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
    fields = ("at", "action", "from_status", "to_status", "actor", "actor_label", "role", "on_behalf", "note")
    readonly_fields = fields
    show_change_link = True


def download_link(obj: Attachment) -> str:
    """Uploaded files have no URL of their own: the admin links the access-checked download view."""
    url = reverse("attachment-file", kwargs={"number": obj.request.number, "pk": obj.pk})
    return format_html('<a href="{}">{}</a>', url, _("Unduh"))


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False  # part of the request's record
    fields = ("kind", "download", "original_name", "content_type", "size", "alt_text", "uploaded_by", "uploaded_at")
    readonly_fields = ("download", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # uploads are checked by content on the request page and the API

    @admin.display(description=_("berkas"))
    def download(self, obj: Attachment) -> str:
        return download_link(obj)


class PlatformPostInline(ReadOnlyMixin, admin.TabularInline):
    """Read-only: the post links are corrected through the request's own form (the `edit` move)."""

    model = PlatformPost
    extra = 0
    fields = ("platform", "scheduled_for", "url", "published_at", "not_published_reason")
    readonly_fields = fields


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


POST_FIELD = "post_link_"  # + platform: the request form's field for one post link


class PublicationRequestAdminForm(forms.ModelForm):
    """The request's editable fields (those of the `edit` move), plus one field per post link once
    it is published; `clean()` checks the correction as the move will."""

    current_user: Any = None  # set per request by PublicationRequestAdmin.get_form

    class Meta:
        model = PublicationRequest
        fields = transitions.EDITABLE_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        req = self.instance
        if "service" in self.fields and req.service_id is None:
            self.fields["service"].required = False  # a request logged before any standard was imported
        if req.pk and req.status == Status.PUBLISHED:
            links = dict(req.posts.values_list("platform", "url"))
            for platform in req.platforms or []:
                self.fields[POST_FIELD + platform] = forms.URLField(
                    label=_("Tautan unggahan %(platform)s") % {"platform": Platform(platform).label},
                    required=False,
                    initial=links.get(platform, ""),
                    assume_scheme="https",
                )

    def edit_data(self) -> dict[str, Any]:
        """The changed fields, in the shape the `edit` move takes."""
        data: dict[str, Any] = {}
        links: dict[str, str] = {}
        for name in self.changed_data:
            if name.startswith(POST_FIELD):
                links[name.removeprefix(POST_FIELD)] = self.cleaned_data.get(name) or ""
            elif name in transitions.EDITABLE_FIELDS:
                data[name] = self.cleaned_data.get(name)
        if links:
            data[transitions.POST_LINKS] = links
        return data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors or not self.instance.pk:
            return cleaned
        data = self.edit_data()
        if not data:
            return cleaned
        fresh = PublicationRequest.objects.select_related("service").get(pk=self.instance.pk)
        try:
            transitions.check(fresh, "edit", self.current_user, data)
        except transitions.InvalidData as exc:
            for key, message in (exc.errors or {"__all__": exc.message}).items():
                self.add_error(self._field_for(key), message)
        except transitions.TransitionError as exc:
            raise ValidationError(exc.message) from exc
        return cleaned

    def _field_for(self, key: str) -> str | None:
        if key.startswith("links.") and POST_FIELD + key.removeprefix("links.") in self.fields:
            return POST_FIELD + key.removeprefix("links.")
        name = key.replace(".", "_")  # "contact.phone" → contact_phone, "letter.date" → letter_date
        if name.startswith("captions_"):
            name = "captions"
        return name if name in self.fields else None


@admin.register(PublicationRequest)
class PublicationRequestAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "organization", "channel", "status", "received_at", "due_at", "assignee")
    list_filter = ("status", "channel", "sla_outcome", "organization")
    search_fields = ("number", "title", "contact_name", "letter_number", "agenda_number")
    date_hierarchy = "received_at"
    list_select_related = ("organization", "assignee")
    form = PublicationRequestAdminForm
    inlines = (AttachmentInline, PlatformPostInline, EventInline)
    readonly_fields = (
        "number",
        "status",
        "assignee",
        "received_at",
        "channel",
        "organization",
        "created_by",
        *SERVICE_TIME_FIELDS,
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "number",
                    "organization",
                    "channel",
                    "received_at",
                    "created_by",
                    "status",
                    "assignee",
                    "service",
                )
            },
        ),
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

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # never deleted: the retention command anonymises instead

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs: Any):
        # The post-link fields are the form's own (added in its __init__), not the model's.
        names = (
            kwargs["fields"]
            if kwargs.get("fields") is not None
            else flatten_fieldsets(self.get_fieldsets(request, obj))
        )
        kwargs["fields"] = [name for name in names if not name.startswith(POST_FIELD)]
        form = super().get_form(request, obj, change=change, **kwargs)
        form.current_user = request.user  # type: ignore[attr-defined]  # a fresh class per request
        return form

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.status == Status.PUBLISHED and obj.platforms:
            fieldsets.append((_("Tautan unggahan"), {"fields": [POST_FIELD + p for p in obj.platforms]}))
        return fieldsets

    def save_model(self, request: HttpRequest, obj: PublicationRequest, form, change: bool) -> None:
        """A correction is the `edit` move: the row is written by the transition, with its event."""
        data = form.edit_data()
        if not data:
            return
        fresh = PublicationRequest.objects.get(pk=obj.pk)
        try:
            transitions.perform(fresh, "edit", request.user, data)  # type: ignore[arg-type]
        except transitions.TransitionError as exc:  # the status moved on since the form was checked
            messages.error(request, exc.message)


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
    fields = ("request", "kind", "download", "original_name", "content_type", "size", "alt_text", "uploaded_by")
    readonly_fields = ("request", "download", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # part of the request's record

    @admin.display(description=_("berkas"))
    def download(self, obj: Attachment) -> str:
        return download_link(obj)


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
