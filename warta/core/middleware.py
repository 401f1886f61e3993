from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone, translation

from warta.core import pagecache
from warta.core.office import office_zone

LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def request_language(request: HttpRequest) -> str:
    """The language a request is answered in: the reader's explicit choice (cookie), else the default."""
    language = request.COOKIES.get(LANGUAGE_COOKIE)
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


class OfficeLocaleMiddleware:
    """Indonesian first: the language is the user's explicit choice (cookie), else Indonesian.

    The browser's Accept-Language is deliberately not followed, so that an office computer set to
    English still shows the service in Bahasa Indonesia unless someone picks English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class PublicPageMiddleware:
    """Answers a cached public page (warta.core.pagecache) to a reader without a session before the
    sessions, authentication, CSRF check, view and the rest of the middleware run.

    Placed after the security headers, CSP, Permissions-Policy and WhiteNoise (which still apply),
    before SessionMiddleware. What the skipped middleware would add to such an answer it adds here,
    with Django's own classes: the reader's CSRF cookie (the page holds the reader's own token), the
    Content-Length, X-Frame-Options and Content-Language. Anything else (a session, a notice waiting,
    htmx, a POST, a page not cached or whose content changed) takes the full path.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)
        self.common = CommonMiddleware(get_response)
        self.frame_options = XFrameOptionsMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if pagecache.without_session(request):
            response = self.early(request)
            if response is not None:
                return response
        return self.get_response(request)

    def early(self, request: HttpRequest) -> HttpResponseBase | None:
        language = request_language(request)
        with translation.override(language):
            self.csrf.process_request(request)
            answer = pagecache.early_answer(request, language)
            if answer is None:
                # The full path starts again from its own CSRF step.
                for key in ("CSRF_COOKIE", "CSRF_COOKIE_NEEDS_UPDATE"):
                    request.META.pop(key, None)
                return None
            # The response steps of the middleware skipped, innermost first, as the full path runs them.
            response: HttpResponseBase = self.frame_options.process_response(request, answer)
            response = self.csrf.process_response(request, response)
            response = self.common.process_response(request, response)
            response.headers.setdefault("Content-Language", language)
        return response


class OfficeTimezoneMiddleware:
    """Shows every time in the office's zone (WIB, WITA or WIT)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.activate(office_zone())
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class PermissionsPolicyMiddleware:
    """Sends the Permissions-Policy header (settings.PERMISSIONS_POLICY) with every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response


# Paths a signed-in person without a second step may still open: setting it up, signing out, the
# language switch and static files. (API calls with a bearer token carry no session: never redirected.)
TWO_FACTOR_OPEN_PREFIXES = ("/akun/dua-langkah/", "/keluar/", "/masuk/", "/bahasa/", "/static/")


class TwoFactorRequiredMiddleware:
    """With settings.TWO_FACTOR_REQUIRED, office staff and admins must pass the second step.

    Someone who must and has no authenticator yet is sent to set one up; someone who has one but
    whose session was not verified with it (signed in another way) is sent to sign in again. OPD
    operators (pemohon only) are never forced.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(settings, "TWO_FACTOR_REQUIRED", False) and not request.path.startswith(TWO_FACTOR_OPEN_PREFIXES):
            from warta.accounts.signin import second_step_redirect

            redirect = second_step_redirect(request)
            if redirect is not None:
                return redirect
        return self.get_response(request)


SESSION_TOUCHED_KEY = "_warta_touched"
# A session in use is renewed at most this often, so that a busy page does not write its session row
# on every request; an idle session therefore ends between IDLE_HOURS - 5 minutes and IDLE_HOURS.
SESSION_TOUCH_SECONDS = 5 * 60


class IdleSessionMiddleware:
    """Ends idle sessions: SESSION_COOKIE_AGE (WARTA_SESSION_IDLE_HOURS) counts from the last use.

    Each use that comes more than five minutes after the last renewal saves the session again, which
    moves its expiry (in the database and in the cookie) SESSION_COOKIE_AGE ahead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and session.get("_auth_user_id"):
            now = int(time.time())
            touched = session.get(SESSION_TOUCHED_KEY, 0)
            if not isinstance(touched, int) or now - touched >= SESSION_TOUCH_SECONDS:
                session[SESSION_TOUCHED_KEY] = now
        return response
