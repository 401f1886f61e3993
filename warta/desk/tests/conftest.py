"""The fake platforms' fixtures (warta/social/tests/conftest.py) for the desk's publishing tests."""

from warta.social.tests.conftest import fake, slow  # noqa: F401
