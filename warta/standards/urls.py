from django.urls import path

from warta.standards import views

urlpatterns = [
    path("", views.home, name="public-home"),
    path("standar/<slug:slug>/", views.detail, name="standard-detail"),
    path("standar/<slug:slug>/pdf/", views.pdf, name="standard-pdf"),
]
