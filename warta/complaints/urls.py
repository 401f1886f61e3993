from django.urls import path

from warta.complaints import views

urlpatterns = [
    path("pengaduan/", views.public_form, name="complaint-form"),
    path("pengaduan/terkirim/", views.public_sent, name="complaint-sent"),
    path("pengaduan/lacak/", views.track, name="complaint-track"),
    path("pengaduan/angka/", views.figures, name="complaint-figures"),
    path("pengaduan/angka/<int:year>/", views.figures, name="complaint-figures-year"),
    path("aduan/", views.officer_list, name="complaint-list"),
    path("aduan/catat/", views.log_complaint, name="complaint-log"),
    path("aduan/impor-lapor/", views.import_lapor, name="complaint-import-lapor"),
    path("aduan/<str:number>/", views.detail, name="complaint-detail"),
    path("aduan/<str:number>/tindakan/<str:action>/", views.act, name="complaint-act"),
    path("aduan/<str:number>/surat/", views.letter, name="complaint-letter"),
    path("aduan/<str:number>/lampiran/<int:pk>/", views.attachment_file, name="complaint-attachment"),
]
