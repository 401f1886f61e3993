from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from warta.core.office import office_zone

LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME


class OfficeLocaleMiddleware:
    """Indonesian first: the language is the user's explicit choice (cookie), else Indonesian.

    The browser's Accept-Language is deliberately not followed, so that an office computer set to
    English still shows the service in Bahasa Indonesia unless someone picks English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(LANGUAGE_COOKIE)
        if language not in self.codes:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
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
