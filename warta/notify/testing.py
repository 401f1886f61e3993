"""For tests: WhatsApp switched on and pointed at the local fake Graph server (warta/social/testing.py).

    @pytest.fixture
    def wa(settings):
        with whatsapp_fake(settings) as fake:
            yield fake

`fake.wa_messages` holds what was sent; `fake.fail("wa.messages", fault)` makes the next call fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from warta.social.testing import Fake, FakePlatforms


@contextmanager
def whatsapp_fake(settings: Any, timeout_s: int = 10) -> Iterator[Fake]:
    with FakePlatforms() as fake:
        settings.WARTA_META_GRAPH_URL = fake.url  # type: ignore[attr-defined]
        settings.WARTA_WHATSAPP_PHONE_NUMBER_ID = fake.wa_phone_number_id
        settings.WARTA_WHATSAPP_TOKEN = fake.token
        settings.WARTA_WHATSAPP_TIMEOUT_S = timeout_s
        yield fake
