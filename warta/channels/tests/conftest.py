"""The inbox's tests: Meta's secrets, and the fake Graph server behind the webhooks' media, the
Instagram profile and send calls, and the WhatsApp sender (warta.notify.whatsapp)."""

from __future__ import annotations

from typing import Any

import pytest

from warta.channels import testing
from warta.social.testing import FakePlatforms

SECRET = "meta-app-secret-for-tests"
VERIFY = "verify-token-for-tests"


@pytest.fixture
def fake(settings):
    with FakePlatforms() as fake:
        settings.WARTA_META_GRAPH_URL = fake.url
        settings.WARTA_SOCIAL_TIMEOUT_S = 10
        settings.WARTA_META_APP_SECRET = SECRET
        settings.WARTA_META_VERIFY_TOKEN = VERIFY
        settings.WARTA_WHATSAPP_TOKEN = fake.token
        settings.WARTA_WHATSAPP_PHONE_NUMBER_ID = fake.wa_phone_number_id
        yield fake


@pytest.fixture
def post(client, fake, django_capture_on_commit_callbacks):
    """POST a payload to a webhook, signed with the app secret; the queued work runs at commit."""

    def send(path: str, payload: Any, secret: str = SECRET):
        with django_capture_on_commit_callbacks(execute=True):
            return testing.post(client, path, payload, secret)

    return send


@pytest.fixture
def sent(fake):
    """What the WhatsApp sender sent to the fake Cloud API: each message's payload, in order."""

    def payloads() -> list[dict[str, Any]]:
        return [m["payload"] for m in fake.wa_messages]

    return payloads
