from django.urls import path

from warta.social import connect_views, views

urlpatterns = [
    path("media-publik/<str:token>/", views.media, name="social-media"),
    path("akun-media-sosial/", connect_views.accounts, name="social-accounts"),
    path("akun-media-sosial/hubungkan/meta/", connect_views.connect_meta, name="social-connect-meta"),
    path(
        "akun-media-sosial/hubungkan/meta/kembali/",
        connect_views.connect_meta_return,
        name="social-connect-meta-return",
    ),
    path("akun-media-sosial/hubungkan/meta/halaman/", connect_views.connect_meta_page, name="social-connect-meta-page"),
    path("akun-media-sosial/hubungkan/x/", connect_views.connect_x, name="social-connect-x"),
    path("akun-media-sosial/hubungkan/x/kembali/", connect_views.connect_x_return, name="social-connect-x-return"),
    path("akun-media-sosial/<int:pk>/putuskan/", connect_views.disconnect, name="social-disconnect"),
]
