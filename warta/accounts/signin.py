"""Signing in: the two-step login (django-two-factor-auth), its set-up, lockouts and password reset.

- `/masuk/` is the two-step login wizard: username and password, then (for someone with an
  authenticator) the 6-digit code or a backup code. django-axes counts the failures and locks a
  username out from one address after 5 (AXES_* in settings).
- With settings.TWO_FACTOR_REQUIRED (production), office staff and admins without an authenticator
  are sent to set one up (`TwoFactorRequiredMiddleware`); OPD operators are never forced.
- The password reset is limited per address and per e-mail, and its link always starts with
  WARTA_SITE_URL, whatever Host the request named.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from axes.backends import AxesStandaloneBackend
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import PasswordResetView
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from two_factor import forms as tf_forms
from two_factor.views import core as tf_core
from two_factor.views import profile as tf_profile

from warta.accounts import roles
from warta.accounts.forms import LoginForm, QueuedPasswordResetForm
from warta.core.ratelimit import RateLimit

# --- who must use the second step ------------------------------------------------------------


def must_use_second_step(user: Any) -> bool:
    """Office staff and admins; not someone whose only role is OPD operator (pemohon)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return bool(roles.own_roles(user) - {roles.PEMOHON})


def second_step_required(user: Any) -> bool:
    return bool(getattr(settings, "TWO_FACTOR_REQUIRED", False)) and must_use_second_step(user)


def second_step_redirect(request: HttpRequest) -> HttpResponse | None:
    """Where someone who must use the second step and has not goes instead; None when all is well."""
    user = request.user
    if not second_step_required(user) or user.is_verified():  # type: ignore[union-attr]
        return None
    next_query = urlencode({"next": request.get_full_path()})
    if not user_has_device(user):
        return HttpResponseRedirect(reverse("two_factor:setup") + "?" + next_query)
    # An authenticator exists but this session did not use it: sign in again, with the code.
    logout(request)
    messages.info(request, _("Masuk lagi dengan kode dari aplikasi autentikator Anda."))
    return HttpResponseRedirect(reverse("login") + "?" + next_query)


def attempted_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The username a login attempt named (django-axes): the two-step form prefixes its fields."""
    if credentials and credentials.get("username"):
        return str(credentials["username"])
    data = getattr(request, "POST", None) or {}
    return data.get("auth-username") or data.get("username")


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins made by a web request.

    Every web sign-in (our login, the password forms) passes the request; code that checks a
    password without one (a test client's login(), a management command) is not an attempt from an
    address, so it is left to the model backend instead of being refused.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


# --- forms in Indonesian -----------------------------------------------------------------------

CODE_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": "autofocus"}
OTP_ERRORS = {
    "token_required": _("Masukkan kode dari aplikasi autentikator."),
    "invalid_token": _("Kode salah atau sudah kedaluwarsa. Coba kode yang baru."),
    "n_failed_attempts": _(
        "Kode salah dimasukkan %(failure_count)d kali berturut-turut. Tunggu sebentar sebelum mencoba lagi."
    ),
    "verification_not_allowed": _("Verifikasi kode belum diizinkan. Tunggu sebentar sebelum mencoba lagi."),
    "device_required": _("Pilih perangkat."),
}


class SignInForm(LoginForm):
    username = forms.CharField(
        label=_("Nama pengguna"), widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class TokenForm(tf_forms.AuthenticationTokenForm):
    otp_error_messages = OTP_ERRORS

    def __init__(self, user: Any, initial_device: Any, **kwargs: Any) -> None:
        super().__init__(user, initial_device, **kwargs)
        self.fields["otp_token"].label = _("Kode 6 angka")
        self.fields["otp_token"].widget.attrs.update(CODE_ATTRS)
        self.fields["otp_token"].error_messages["invalid"] = _("Kode terdiri dari 6 angka.")
        self.fields.pop("remember", None)


class BackupForm(tf_forms.BackupTokenForm):
    otp_error_messages = OTP_ERRORS

    def __init__(self, user: Any, initial_device: Any, **kwargs: Any) -> None:
        super().__init__(user, initial_device, **kwargs)
        self.fields["otp_token"].label = _("Kode cadangan")
        self.fields["otp_token"].widget.attrs.update({"autocomplete": "off", "autofocus": "autofocus"})
        self.fields.pop("remember", None)


class SetupTokenForm(tf_forms.TOTPDeviceForm):
    error_messages = {"invalid_token": _("Kode salah. Periksa jam ponsel Anda dan masukkan kode yang baru.")}

    def __init__(self, key: str, user: Any, metadata: Any = None, **kwargs: Any) -> None:
        super().__init__(key, user, metadata, **kwargs)
        self.fields["token"].label = _("Kode 6 angka")
        self.fields["token"].widget.attrs.update(CODE_ATTRS)


class DisableForm(tf_forms.DisableForm):
    understand = forms.BooleanField(label=_("Ya, saya yakin ingin mematikan verifikasi dua langkah"))


# --- views ---------------------------------------------------------------------------------------


class SignInView(tf_core.LoginView):
    """Our login at /masuk/: django-two-factor-auth's wizard with Indonesian forms and templates."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True
    form_list: Any = (
        (tf_core.LoginView.AUTH_STEP, SignInForm),
        (tf_core.LoginView.TOKEN_STEP, TokenForm),
        (tf_core.LoginView.BACKUP_STEP, BackupForm),
    )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.redirect_authenticated_user and request.user.is_authenticated and request.method == "GET":
            return HttpResponseRedirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, step: str | None = None, **kwargs: Any) -> Any:
        if (step or self.steps.current) == self.TOKEN_STEP:
            # The library picks the token form by device; ours is the Indonesian TOTP one.
            self.form_list[self.TOKEN_STEP] = TokenForm
            return super(tf_core.LoginView, self).get_form(step=step, **kwargs)
        form = super().get_form(step=step, **kwargs)
        if self.show_timeout_error:
            form.errors.pop("__all__", None)
            form.add_error(None, forms.ValidationError(_("Waktu masuk habis. Silakan masuk lagi.")))
        return form

    def done(self, form_list: Any, **kwargs: Any) -> HttpResponse:
        response = super().done(form_list, **kwargs)
        user = self.request.user
        if second_step_required(user) and not user_has_device(user):
            # Required and not yet set up: straight to the set-up, then on to where they were going.
            return HttpResponseRedirect(reverse("two_factor:setup") + "?" + urlencode({"next": self.get_success_url()}))
        return response


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


class SetupView(tf_core.SetupView):
    template_name = "two_factor/core/setup.html"

    def get_success_url(self) -> str:
        # Through the "done" page (backup codes), then on to where the person was going.
        url = reverse("two_factor:setup_complete")
        target = _safe_next(self.request)
        return url + "?" + urlencode({"next": target}) if target else url

    def get_form_list(self) -> Any:
        form_list = super().get_form_list()
        if "generator" in form_list:
            form_list["generator"] = SetupTokenForm
        return form_list


class SetupCompleteView(tf_core.SetupCompleteView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.session.pop("next", None)  # shown, not skipped: it offers the backup codes
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["continue_url"] = _safe_next(self.request) or resolve_url(settings.LOGIN_REDIRECT_URL)
        return context


class ProfileView(tf_profile.ProfileView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["second_step_required"] = second_step_required(self.request.user)
        return context


class DisableView(tf_profile.DisableView):
    form_class = DisableForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if second_step_required(request.user):
            raise PermissionDenied(_("Verifikasi dua langkah wajib untuk akun kantor."))
        return super().dispatch(request, *args, **kwargs)


# --- password reset ------------------------------------------------------------------------------

RESET_PER_ADDRESS = RateLimit("password-reset-address", limit=10, seconds=60 * 60)
RESET_PER_EMAIL = RateLimit("password-reset-email", limit=3, seconds=60 * 60)


class ThrottledPasswordResetView(PasswordResetView):
    """Password reset, limited per address and per e-mail; the link is built on WARTA_SITE_URL."""

    form_class = QueuedPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        if RESET_PER_ADDRESS.exceeded(self.request) or RESET_PER_EMAIL.exceeded(None, key=email):
            form.add_error(
                None,
                _("Terlalu banyak permintaan tautan kata sandi. Coba lagi dalam satu jam, atau hubungi admin kantor."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        RESET_PER_ADDRESS.hit(self.request)
        RESET_PER_EMAIL.hit(None, key=email)
        site = urlsplit(settings.SITE_URL)
        # The request's Host is never used: the site's own address goes into the e-mail.
        self.extra_email_context = {"site_url": settings.SITE_URL, "domain": site.netloc, "protocol": site.scheme}
        return super().form_valid(form)
