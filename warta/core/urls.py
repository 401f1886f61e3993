from django.urls import path

from warta.core import views

urlpatterns = [
    path("privasi/", views.privacy, name="privacy"),
]
