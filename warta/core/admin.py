from django.contrib import admin

from warta.core.models import OfficeProfile


@admin.register(OfficeProfile)
class OfficeProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "regency", "time_zone"]

    def has_add_permission(self, request):
        return not OfficeProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
