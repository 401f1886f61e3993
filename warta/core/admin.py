from typing import Any

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from warta.core.models import OfficeProfile
from warta.core.uploads import IMAGE_TYPES, UploadField, check_upload


class OfficeProfileForm(forms.ModelForm):
    """A new logo goes through the upload checks like every other upload (the kept one is not
    checked again)."""

    logo = UploadField(label=_("logo"), required=False, allowed=IMAGE_TYPES)
    website = forms.URLField(label=_("situs web"), required=False, assume_scheme="https")

    class Meta:
        model = OfficeProfile
        fields = (
            "name",
            "short_name",
            "government",
            "regency",
            "address",
            "phone",
            "email",
            "website",
            "postal_code",
            "logo",
            "time_zone",
        )

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            check_upload(logo, allowed=IMAGE_TYPES)
        return logo


@admin.register(OfficeProfile)
class OfficeProfileAdmin(admin.ModelAdmin):
    form = OfficeProfileForm
    list_display = ["name", "regency", "time_zone"]

    def has_add_permission(self, request):
        return not OfficeProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
