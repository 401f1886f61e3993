"""The public home page leads to the SKM form and the tracking page; every page's footer too."""

from __future__ import annotations

import pytest

from warta.standards.models import Service

pytestmark = pytest.mark.django_db


def test_home_links_the_skm_form_and_tracking(client, office, imported):
    text = client.get("/").content.decode()
    service = Service.objects.get()
    assert f'href="/skm/isi/{service.slug}/"' in text
    assert 'href="/lacak/"' in text
    assert 'href="/skm/"' in text  # the results, from the footer


def test_home_without_a_standard_still_links_them(client, office):
    text = client.get("/").content.decode()
    assert 'href="/lacak/"' in text and 'href="/skm/"' in text


def test_the_standard_page_has_no_inline_style(client, office, imported):
    text = client.get("/").content.decode()
    assert "<style" not in text
    assert "/static/standards/standards.css" in text
