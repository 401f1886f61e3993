"""The office logo is the one public image: served by its own view, not under /media/."""

from __future__ import annotations

from django.core.files.base import ContentFile

from warta.core.office import get_office
from warta.core.tests import samples


def test_the_logo_is_served_by_its_view_and_not_under_media(client, office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office.logo.save("logo.png", ContentFile(samples.png(36, 36)), save=True)
    from django.core.cache import cache

    cache.clear()
    assert get_office().logo
    page = client.get("/masuk/").content.decode()
    assert '<img src="/kantor/logo/"' in page
    response = client.get("/kantor/logo/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == (tmp_path / office.logo.name).read_bytes()
    assert client.get(f"/media/{office.logo.name}").status_code == 404


def test_no_logo_is_404(client, office):
    assert client.get("/kantor/logo/").status_code == 404
