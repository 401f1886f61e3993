from django.contrib.auth import views as auth_views
from django.urls import include, path
from two_factor.views import BackupTokensView, QRGeneratorView

from warta.accounts import signin, views

# django-two-factor-auth's pages, under the names its views and templates reverse ("two_factor:…").
two_factor_patterns = [
    path("masuk/", signin.SignInView.as_view(), name="login"),
    path("akun/dua-langkah/", signin.ProfileView.as_view(), name="profile"),
    path("akun/dua-langkah/pasang/", signin.SetupView.as_view(), name="setup"),
    path("akun/dua-langkah/qr/", QRGeneratorView.as_view(), name="qr"),
    path("akun/dua-langkah/terpasang/", signin.SetupCompleteView.as_view(), name="setup_complete"),
    path("akun/dua-langkah/kode-cadangan/", BackupTokensView.as_view(), name="backup_tokens"),
    path("akun/dua-langkah/matikan/", signin.DisableView.as_view(), name="disable"),
]

urlpatterns = [
    path("masuk/", signin.SignInView.as_view(), name="login"),
    path("", include((two_factor_patterns, "two_factor"))),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("akun/sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("akun/lupa-sandi/", signin.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("akun/lupa-sandi/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "akun/atur-sandi/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("akun/atur-sandi/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("akun/undang/", views.invite_user, name="invite"),
]
