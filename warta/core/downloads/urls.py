from django.urls import path

from warta.core.downloads import views

urlpatterns = [
    path("unduhan/<uuid:pk>/", views.download_page, name="download"),
    path("unduhan/<uuid:pk>/berkas", views.download_file, name="download-file"),
]
