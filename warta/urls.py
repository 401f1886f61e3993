from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.i18n import set_language

from warta.api import api
from warta.core.views import office_logo


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    return HttpResponsePermanentRedirect(static_url("warta/favicon.ico"))


admin.site.site_header = "Warta"
admin.site.site_title = "Warta"
# The admin signs in through /masuk/ (the two-step login and its lockouts), never a form of its own.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("warta.core.urls")),
    path("", include("warta.standards.urls")),
    path("", include("warta.accounts.urls")),
    path("", include("warta.desk.urls")),
    path("", include("warta.complaints.urls")),
    path("", include("warta.clock.urls")),
    path("", include("warta.survey.urls")),
    path("", include("warta.core.downloads.urls")),
    path("", include("warta.social.urls")),
    path("", include("warta.channels.urls")),
    path("", include("warta.evaluation.urls")),
    path("", include("warta.todos.urls")),
    path("bahasa/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on their own (pages link the static icon).
    path("favicon.ico", favicon),
    # The one public upload. Nothing serves MEDIA_URL, in development either: uploaded files leave
    # only through access-checked views (warta.desk.attachments).
    path("kantor/logo/", office_logo, name="office-logo"),
]
