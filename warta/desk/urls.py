from django.urls import path
from django.views.generic import TemplateView

urlpatterns = [
    path("beranda/", TemplateView.as_view(template_name="base.html"), name="home"),
    path("permohonan/baru/", TemplateView.as_view(template_name="base.html"), name="request-create"),
    path("lacak/", TemplateView.as_view(template_name="base.html"), name="tracking"),
]
