"""The inbox's tests: Meta's secrets, the fake Graph server, and a stand-in for the WhatsApp sender
(warta.notify.whatsapp) that records what it was asked to send."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field
from typing import Any

import pytest

from warta.channels import testing
from warta.social.testing import FakePlatforms

SECRET = "meta-app-secret-for-tests"  # noqa: S105
VERIFY = "verify-token-for-tests"  # noqa: S105


@pytest.fixture
def fake(settings):
    with FakePlatforms() as fake:
        settings.WARTA_META_GRAPH_URL = fake.url
        settings.WARTA_SOCIAL_TIMEOUT_S = 10
        settings.WARTA_META_APP_SECRET = SECRET
        settings.WARTA_META_VERIFY_TOKEN = VERIFY
        settings.WARTA_WHATSAPP_TOKEN = fake.token
        settings.WARTA_WHATSAPP_PHONE_NUMBER_ID = testing.PHONE_NUMBER_ID
        yield fake


@pytest.fixture
def post(client, fake, django_capture_on_commit_callbacks):
    """POST a payload to a webhook, signed with the app secret; the queued work runs at commit."""

    def send(path: str, payload: Any, secret: str = SECRET):
        with django_capture_on_commit_callbacks(execute=True):
            return testing.post(client, path, payload, secret)

    return send


@dataclass
class Sent:
    wamid: str
    status: str = "sent"
    error: str = ""


@dataclass
class SenderStub:
    texts: list[dict[str, Any]] = field(default_factory=list)
    templates: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[tuple[str, str, str]] = field(default_factory=list)

    def send_text(self, to: str, body: str, *, reply_window_open: bool, key: str) -> Sent:
        self.texts.append({"to": to, "body": body, "reply_window_open": reply_window_open, "key": key})
        return Sent(testing.wamid())

    def send_template(self, to: str, name: str, language: str, params: list[str], *, key: str) -> Sent:
        self.templates.append({"to": to, "name": name, "language": language, "params": params, "key": key})
        return Sent(testing.wamid())

    def record_status(self, wamid: str, status: str, error: str = "", at: Any = None) -> bool:
        self.statuses.append((wamid, status, error))
        return True


@pytest.fixture
def sender(monkeypatch):
    """warta.notify.whatsapp's sending and status functions, recorded instead of sent."""
    import warta.notify

    stub = SenderStub()
    module = sys.modules.get("warta.notify.whatsapp")
    if module is None:
        module = types.ModuleType("warta.notify.whatsapp")
        monkeypatch.setitem(sys.modules, "warta.notify.whatsapp", module)
        monkeypatch.setattr(warta.notify, "whatsapp", module, raising=False)
    for name in ("send_text", "send_template", "record_status"):
        monkeypatch.setattr(module, name, getattr(stub, name), raising=False)
    return stub
