from django.urls import path

from warta.survey import views

app_name = "survey"

urlpatterns = [
    path("skm/", views.index, name="index"),
    path("skm/isi/<slug:slug>/", views.questionnaire, name="open"),
    path("skm/isi/<slug:slug>/terima-kasih/", views.thanks, name="thanks"),
    path("skm/u/<str:code>/", views.invitation, name="invitation"),
    path("skm/hasil/<slug:slug>/", views.results_current, name="results-current"),
    path("skm/hasil/<slug:slug>/<str:period>/", views.results, name="results"),
    path("skm/hasil-kantor/<str:period>/", views.office_results_view, name="office-results"),
    path("skm/qr/<slug:slug>/", views.qr_poster, name="qr"),
    path("skm/qr/<slug:slug>/kode.svg", views.qr_image, name="qr-svg"),
    path("skm/kelola/", views.manage, name="manage"),
    path("skm/kelola/<slug:slug>/kertas/", views.paper_entry, name="paper"),
    path("skm/kelola/<slug:slug>/periode/", views.open_periods_view, name="open-periods"),
    path("skm/kelola/<slug:slug>/<str:period>/", views.manage_period, name="manage-period"),
    path("skm/kelola/<slug:slug>/<str:period>/laporan.pdf", views.report_pdf, name="report-pdf"),
    path("skm/kelola/<slug:slug>/<str:period>/tabulasi.xlsx", views.tabulation_xlsx, name="tabulation"),
    path("skm/kelola/<slug:slug>/<str:period>/rtl/<int:pk>/hapus/", views.delete_follow_up, name="follow-up-delete"),
]
