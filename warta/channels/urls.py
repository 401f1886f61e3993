from django.urls import path

from warta.channels import views, webhooks

urlpatterns = [
    # Meta calls these exactly as configured; both spellings answer, without a redirect.
    path("webhooks/whatsapp/", webhooks.whatsapp, name="webhook-whatsapp"),
    path("webhooks/whatsapp", webhooks.whatsapp),
    path("webhooks/instagram/", webhooks.instagram, name="webhook-instagram"),
    path("webhooks/instagram", webhooks.instagram),
    path("kotak-masuk/", views.inbox, name="inbox"),
    path("kotak-masuk/<int:pk>/", views.conversation_detail, name="inbox-conversation"),
    path("kotak-masuk/<int:pk>/balas/", views.conversation_reply, name="inbox-reply"),
    path("kotak-masuk/<int:pk>/serahkan/", views.conversation_assign, name="inbox-assign"),
    path("kotak-masuk/<int:pk>/selesai/", views.conversation_done, name="inbox-done"),
    path("kotak-masuk/<int:pk>/jadikan/<str:kind>/", views.conversation_convert, name="inbox-convert"),
    path("kotak-masuk/<int:pk>/berkas/<int:media_pk>/", views.media_file, name="inbox-media"),
    path("kotak-masuk/<int:pk>/berkas/<int:media_pk>/kecil.jpg", views.media_thumbnail, name="inbox-media-thumbnail"),
]
