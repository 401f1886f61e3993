from __future__ import annotations

import pytest

from warta.notify.testing import whatsapp_fake


@pytest.fixture
def wa(settings):
    """WhatsApp on, talking to the local fake Graph server."""
    with whatsapp_fake(settings) as fake:
        yield fake
