"""The platforms' webhooks: GET answers Meta's subscription handshake, POST stores a signed
delivery as it came and answers 200 at once; the worker (`processing.process_deliveries`, queued
by `processing.wake` unless a run is already waiting) reads it.

Every POST is checked against `X-Hub-Signature-256`, the HMAC-SHA256 of the raw body with the
app secret, compared in constant time. A missing or wrong signature is 403 and nothing is kept.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from warta.channels.models import Delivery, Platform

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Hub-Signature-256"


def signature_of(body: bytes, secret: str) -> str:
    """The header value Meta sends with `body`: "sha256=" and the HMAC-SHA256 in hex."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signed(body: bytes, header: str | None) -> bool:
    secret = settings.WARTA_META_APP_SECRET
    if not secret or not header:
        return False
    return hmac.compare_digest(signature_of(body, secret).encode(), header.strip().encode())


def handshake(request: HttpRequest) -> HttpResponse:
    """Meta's subscription check: echo `hub.challenge` when the mode and the token are right."""
    token = settings.WARTA_META_VERIFY_TOKEN
    given = request.GET.get("hub.verify_token", "")
    if (
        request.GET.get("hub.mode") == "subscribe"
        and token
        and hmac.compare_digest(given.encode(), token.encode())
        and "hub.challenge" in request.GET
    ):
        return HttpResponse(request.GET["hub.challenge"], content_type="text/plain; charset=utf-8")
    return HttpResponseForbidden("", content_type="text/plain")


def _receive(request: HttpRequest, platform: str) -> HttpResponse:
    if request.method == "GET":
        return handshake(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    body = request.body
    if not signed(body, request.headers.get(SIGNATURE_HEADER)):
        log.warning("Webhook %s: refused a delivery without a valid signature", platform)
        return HttpResponseForbidden("", content_type="text/plain")
    # One INSERT, committed before anything else: once it is, the delivery is safe, and Meta may
    # have its 200. Then the worker is woken (processing.wake reads its mark only now, on purpose).
    Delivery.objects.create(platform=platform, body=body)
    _wake()
    return HttpResponse("", content_type="text/plain")


def _wake() -> None:
    from warta.channels.processing import wake

    try:
        wake()
    except Exception:  # the delivery is kept; the timer's sweep processes it
        log.exception("Webhook: the worker could not be woken")


@csrf_exempt
def whatsapp(request: HttpRequest) -> HttpResponse:
    return _receive(request, Platform.WHATSAPP)


@csrf_exempt
def instagram(request: HttpRequest) -> HttpResponse:
    return _receive(request, Platform.INSTAGRAM)


# Each webhook's paths (with and without the final slash) and its view.
ROUTES = {
    "/webhooks/whatsapp/": whatsapp,
    "/webhooks/whatsapp": whatsapp,
    "/webhooks/instagram/": instagram,
    "/webhooks/instagram": instagram,
}


class WebhookMiddleware:
    """Answers the webhooks right after the security middleware, before the session, the user, the
    CSP and the rest that a signed machine-to-machine call never uses: Meta wants its answer fast
    and retries what is slow. (The same views are in the URLconf, for `reverse` and the docs.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = ROUTES.get(request.path_info)
        if view is not None:
            return view(request)
        return self.get_response(request)
