from django.urls import path

urlpatterns: list = []

# --- figures: the dashboard, the monthly pack, the public transparency pages ---------------------
from django.urls import re_path  # noqa: E402

from warta.evaluation import views_dashboard  # noqa: E402

MONTH = r"(?P<month>[0-9]{4}-[0-9]{2})"
urlpatterns += [
    path("evaluasi/", views_dashboard.dashboard_view, name="evaluation-dashboard"),
    re_path(rf"^evaluasi/{MONTH}/$", views_dashboard.pack_page, name="evaluation-pack"),
    re_path(rf"^evaluasi/{MONTH}/paket\.pdf$", views_dashboard.pack_pdf, name="evaluation-pack-pdf"),
    re_path(rf"^evaluasi/{MONTH}/paket\.xlsx$", views_dashboard.pack_xlsx, name="evaluation-pack-xlsx"),
    path("transparansi/<int:year>/", views_dashboard.transparency_year, name="transparency-year"),
    re_path(rf"^transparansi/{MONTH}/$", views_dashboard.transparency_month, name="transparency-month"),
]
# --- end of figures -----------------------------------------------------------------------------
