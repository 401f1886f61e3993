from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from warta.api import api

admin.site.site_header = "Warta"
admin.site.site_title = "Warta"

urlpatterns = [
    path("", include("warta.standards.urls")),
    path("", include("warta.accounts.urls")),
    path("", include("warta.desk.urls")),
    path("", include("warta.complaints.urls")),
    path("", include("warta.clock.urls")),
    path("", include("warta.survey.urls")),
    path("bahasa/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
