"""The standard in the admin: services, components, flows, values (with corrections), imports."""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from warta.standards.models import Component, Flow, FlowEdge, FlowNode, Service, ServiceValue, StandardImport


class ComponentInline(admin.TabularInline):
    model = Component
    fields = ("part", "number", "name", "position")
    extra = 0
    show_change_link = True


class ServiceValueInline(admin.TabularInline):
    model = ServiceValue
    fields = ("key", "effective_value", "needs_review")
    readonly_fields = ("key", "effective_value", "needs_review")
    extra = 0
    can_delete = False
    show_change_link = True

    @admin.display(description=_("nilai berlaku"))
    def effective_value(self, obj: ServiceValue) -> str:
        return json.dumps(obj.effective, ensure_ascii=False, sort_keys=True)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "slug", "around_the_clock", "updated_at")
    list_display_links = ("title",)
    search_fields = ("title", "slug")
    readonly_fields = ("created_at", "updated_at")
    inlines = [ServiceValueInline, ComponentInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Service | None = None) -> tuple[str, ...]:
        # The slug is the service's address and the clock's reference: never renamed once made.
        return (*self.readonly_fields, "slug") if obj else self.readonly_fields


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ("service", "part", "number", "name")
    list_filter = ("service", "part")
    search_fields = ("name", "body")
    ordering = ("service", "position")


class FlowNodeInline(admin.TabularInline):
    model = FlowNode
    fields = ("key", "label", "position")
    extra = 0


class FlowEdgeInline(admin.TabularInline):
    model = FlowEdge
    fields = ("source", "target", "label", "position")
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        nodes = FlowNode.objects.filter(flow=obj) if obj else FlowNode.objects.none()
        for name in ("source", "target"):
            formset.form.base_fields[name].queryset = nodes  # type: ignore[attr-defined]
        return formset


@admin.register(Flow)
class FlowAdmin(admin.ModelAdmin):
    list_display = ("title", "key", "service", "component")
    list_select_related = ("service", "component")
    list_filter = ("service",)
    inlines = [FlowNodeInline, FlowEdgeInline]


@admin.register(ServiceValue)
class ServiceValueAdmin(admin.ModelAdmin):
    list_display = ("key", "service", "effective_value", "corrected", "review_flag", "updated_at")
    list_filter = ("needs_review", "service", "key")
    fields = (
        "service",
        "key",
        "source_text",
        "extracted",
        "correction",
        "needs_review",
        "review_note",
        "dropped_correction",
        "corrected_by",
        "corrected_at",
    )
    readonly_fields = (
        "service",
        "key",
        "source_text",
        "extracted",
        "review_note",
        "dropped_correction",
        "corrected_by",
        "corrected_at",
    )
    actions = ["mark_reviewed", "drop_correction"]

    @admin.display(description=_("nilai berlaku"))
    def effective_value(self, obj: ServiceValue) -> str:
        return json.dumps(obj.effective, ensure_ascii=False, sort_keys=True)[:120]

    @admin.display(description=_("dikoreksi"), boolean=True)
    def corrected(self, obj: ServiceValue) -> bool:
        return obj.is_corrected

    @admin.display(description=_("perlu ditinjau"), ordering="needs_review")
    def review_flag(self, obj: ServiceValue) -> str:
        if obj.needs_review:
            return format_html('<strong style="color:#b3261e">⚠ {}</strong>', _("Perlu ditinjau"))
        return "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # values come from the standard; an admin corrects them

    def save_model(self, request: HttpRequest, obj: ServiceValue, form, change: bool) -> None:
        if "correction" in form.changed_data:
            obj.corrected_by = request.user if obj.correction is not None else None  # type: ignore[assignment]
            obj.corrected_at = timezone.now() if obj.correction is not None else None
            obj.needs_review = False  # whoever set the value has looked at it
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Tandai sudah ditinjau"))
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[ServiceValue]) -> None:
        count = queryset.update(needs_review=False)
        self.message_user(request, _("%(count)d nilai ditandai sudah ditinjau.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Hapus koreksi (pakai nilai terbaca)"))
    def drop_correction(self, request: HttpRequest, queryset: QuerySet[ServiceValue]) -> None:
        count = queryset.update(correction=None, corrected_by=None, corrected_at=None)
        self.message_user(request, _("%(count)d koreksi dihapus.") % {"count": count}, messages.SUCCESS)


@admin.register(StandardImport)
class StandardImportAdmin(admin.ModelAdmin):
    list_display = ("imported_at", "service", "file_name", "component_count", "flow_count", "problem_count")
    list_filter = ("service",)
    readonly_fields = (
        "service",
        "file_name",
        "sha256",
        "imported_at",
        "component_count",
        "flow_count",
        "problem_lines",
        "dropped_corrections",
    )
    exclude = ("problems",)

    @admin.display(description=_("masalah"))
    def problem_count(self, obj: StandardImport) -> int:
        return len(obj.problems or [])

    @admin.display(description=_("bagian yang tidak terbaca"))
    def problem_lines(self, obj: StandardImport) -> str:
        lines = [
            _("Baris %(line)s: %(message)s") % {"line": p.get("line"), "message": p.get("message")}
            + (f" ({p['text'][:80]})" if p.get("text") else "")
            for p in obj.problems or []
        ]
        return "\n".join(lines) or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
