from django.urls import path

from warta.social import views

urlpatterns = [
    path("media-publik/<str:token>/", views.media, name="social-media"),
]
