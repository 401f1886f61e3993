from django.urls import path, re_path

from warta.evaluation import views_dashboard, views_meetings, views_records, views_staffing

urlpatterns: list = []

# --- figures: the dashboard, the monthly pack, the public transparency pages ---------------------
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

# --- meetings, violations and sanctions, staff records, staffing (§3–§5) -------------------------
urlpatterns += [
    path("evaluasi/rapat/", views_meetings.meeting_list, name="evaluation-meetings"),
    path("evaluasi/rapat/baru/", views_meetings.meeting_new, name="evaluation-meeting-new"),
    path("evaluasi/rapat/<int:pk>/", views_meetings.meeting_detail, name="evaluation-meeting"),
    path("evaluasi/rapat/<int:pk>/ubah/", views_meetings.meeting_edit, name="evaluation-meeting-edit"),
    path("evaluasi/rapat/<int:pk>/notulen/", views_meetings.meeting_print, name="evaluation-meeting-print"),
    path("evaluasi/rapat/<int:pk>/notulen.pdf", views_meetings.meeting_pdf, name="evaluation-meeting-pdf"),
    path("evaluasi/keputusan/<int:pk>/selesai/", views_meetings.decision_done, name="evaluation-decision-done"),
    path("evaluasi/sanksi/", views_records.sanction_list, name="evaluation-sanctions"),
    path("evaluasi/sanksi/baru/", views_records.sanction_new, name="evaluation-sanction-new"),
    path("evaluasi/sanksi/<int:pk>/", views_records.sanction_detail, name="evaluation-sanction"),
    path("evaluasi/sanksi/<int:pk>/putuskan/", views_records.sanction_decide, name="evaluation-sanction-decide"),
    path("evaluasi/sanksi/<int:pk>/surat/", views_records.sanction_letter, name="evaluation-sanction-letter"),
    path(
        "evaluasi/sanksi/<int:pk>/surat.pdf", views_records.sanction_letter_pdf, name="evaluation-sanction-letter-pdf"
    ),
    path("evaluasi/pegawai/", views_records.staff_list, name="evaluation-staff"),
    path("evaluasi/pegawai/saya/", views_records.my_record, name="evaluation-my-record"),
    path("evaluasi/pegawai/<int:pk>/", views_records.staff_record, name="evaluation-staff-record"),
    path("evaluasi/pegawai/<int:pk>/kompetensi/", views_records.staff_competences, name="evaluation-staff-competences"),
    path("evaluasi/pegawai/<int:pk>/pelatihan/", views_records.staff_training, name="evaluation-staff-training"),
    path(
        "evaluasi/pegawai/<int:pk>/pelatihan/<int:training_pk>/hapus/",
        views_records.staff_training_delete,
        name="evaluation-staff-training-delete",
    ),
    path("evaluasi/kebutuhan-pelaksana/", views_staffing.staffing_page, name="evaluation-staffing"),
]
