"""The local fake of Meta's Graph API and the X API that the social tests talk to."""

from __future__ import annotations

import pytest

from warta.social.testing import FakePlatforms


@pytest.fixture
def fake(settings):
    """The fake platforms, with the clients pointed at them; timeouts generous for a loaded machine
    (the tests of a slow answer shorten them with `slow`)."""
    with FakePlatforms() as fake:
        settings.WARTA_META_GRAPH_URL = fake.url
        settings.WARTA_X_API_URL = fake.url
        settings.WARTA_SOCIAL_TIMEOUT_S = 10
        settings.WARTA_SOCIAL_POLL_S = 0.01
        settings.WARTA_SOCIAL_POLL_MAX_S = 5
        yield fake


@pytest.fixture
def slow(settings, fake):
    """A publish answer that comes after the client stopped waiting."""
    settings.WARTA_SOCIAL_TIMEOUT_S = 3
    fake.slow_seconds = 4.5
