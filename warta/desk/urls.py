from django.urls import path

from warta.desk import attachments, calendar, views

urlpatterns = [
    path("beranda/", views.home, name="home"),
    path("beranda/pemberitahuan/dibaca/", views.notices_read, name="notices-read"),
    path("permohonan/baru/", views.request_create, name="request-create"),
    path("permohonan/catat/", views.request_log, name="request-log"),
    path("permohonan/<str:number>/", views.request_detail, name="request-detail"),
    path("permohonan/<str:number>/diterima/", views.request_receipt, name="request-receipt"),
    path("permohonan/<str:number>/aksi/<str:action>/", views.request_action, name="request-action"),
    path("permohonan/<str:number>/unggahan/", views.request_posts, name="request-posts"),
    path("permohonan/<str:number>/lampiran/", views.attachment_add, name="attachment-add"),
    path("permohonan/<str:number>/lampiran/<int:pk>/", attachments.attachment_file, name="attachment-file"),
    path(
        "permohonan/<str:number>/lampiran/<int:pk>/kecil.jpg",
        attachments.attachment_thumbnail,
        name="attachment-thumbnail",
    ),
    path("permohonan/<str:number>/disposisi/", views.disposition_sheet, name="disposition-sheet"),
    path("permohonan/<str:number>/disposisi.pdf", views.disposition_sheet_pdf, name="disposition-sheet-pdf"),
    path("lacak/", views.tracking_view, name="tracking"),
    path("lacak/batal/", views.tracking_cancel, name="tracking-cancel"),
    path("lacak/<str:token>/", views.tracking_signed, name="tracking-signed"),
    path("disposisi-tetap/", views.standing_dispositions, name="standing-dispositions"),
    path("kalender-konten/", calendar.content_calendar, name="content-calendar"),
    path(
        "disposisi-tetap/<int:pk>/nonaktif/",
        views.standing_disposition_deactivate,
        name="standing-disposition-deactivate",
    ),
]
