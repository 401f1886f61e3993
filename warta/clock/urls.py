from django.urls import path

from warta.clock import views

urlpatterns = [
    path("kalender/<int:year>/", views.calendar_year, name="calendar-year"),
    path("kalender/<int:year>/ramadan/", views.apply_ramadan_view, name="calendar-ramadan"),
    path("pelanggaran/", views.breach_register, name="breach-register"),
    path("pelanggaran/<int:pk>/maklumi/", views.breach_justify, name="breach-justify"),
    path("pelanggaran/<int:pk>/pelanggar/", views.breach_violation, name="breach-violation"),
]
