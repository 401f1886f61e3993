from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from warta.clock.calendar import RAMADAN_WEEKLY
from warta.clock.models import (
    Breach,
    ChangeStamped,
    ClockProbe,
    ClosedDay,
    HoursOverride,
    OverrideWindow,
    SlaPolicy,
    WeeklyWindow,
)
from warta.clock.services import clear_calendar_cache, set_override_windows


class ChangeStampedAdmin(admin.ModelAdmin):
    """Records who saved the row (the model keeps the moment itself)."""

    readonly_fields = ("changed_by", "changed_at")
    list_select_related = ("changed_by",)

    def save_model(self, request: HttpRequest, obj: ChangeStamped, form, change: bool) -> None:
        obj.changed_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(WeeklyWindow)
class WeeklyWindowAdmin(admin.ModelAdmin):
    list_display = ("weekday", "start", "end")
    list_filter = ("weekday",)


class OverrideWindowInline(admin.TabularInline):
    model = OverrideWindow
    extra = 1


@admin.register(HoursOverride)
class HoursOverrideAdmin(ChangeStampedAdmin):
    list_display = ("name", "first_day", "last_day", "reason", "changed_by", "changed_at")
    date_hierarchy = "first_day"
    inlines = [OverrideWindowInline]
    actions = ["apply_ramadan_hours"]

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        clear_calendar_cache()

    @admin.action(description=_("Ganti jamnya dengan templat jam kerja Ramadan"))
    def apply_ramadan_hours(self, request: HttpRequest, queryset: QuerySet[HoursOverride]) -> None:
        for override in queryset:
            set_override_windows(override, RAMADAN_WEEKLY)
            override.changed_by = request.user  # type: ignore[assignment]
            override.save(update_fields=["changed_by", "changed_at"])
        self.message_user(request, _("Jam kerja Ramadan diterapkan."), messages.SUCCESS)


@admin.register(OverrideWindow)
class OverrideWindowAdmin(admin.ModelAdmin):
    list_display = ("override", "weekday", "start", "end")
    list_filter = ("override",)


@admin.register(ClosedDay)
class ClosedDayAdmin(ChangeStampedAdmin):
    list_display = ("date", "action", "name", "reason", "changed_by", "changed_at")
    list_filter = ("action",)
    date_hierarchy = "date"


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ("key", "service", "amount", "unit")
    list_filter = ("key", "unit")


@admin.register(Breach)
class BreachAdmin(admin.ModelAdmin):
    list_display = ("label", "step", "holder", "holder_role", "due_at", "late_seconds", "justified")
    list_select_related = ("holder",)
    list_filter = ("justified", "month", "holder_role")
    search_fields = ("label", "step", "holder__username", "holder__first_name")
    readonly_fields = ("content_type", "object_id", "detected_at", "around_the_clock")
    date_hierarchy = "due_at"


@admin.register(ClockProbe)
class ClockProbeAdmin(admin.ModelAdmin):
    list_display = ("title", "holder", "due_at", "sla_closed_at", "sla_outcome")
    list_select_related = ("holder",)
