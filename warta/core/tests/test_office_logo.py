"""The office logo is the one public image: served by its own view, not under /media/."""

from __future__ import annotations

import struct
import zlib

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


def test_the_logo_is_served_as_what_its_bytes_are_not_its_name(client, office, settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path
    office.logo.save("logo.png", ContentFile(samples.jpeg(40, 40)), save=True)
    cache.clear()
    assert client.get("/kantor/logo/")["Content-Type"] == "image/jpeg"
    # A file that is no picture the uploads accept (one put there by hand) is not served at all.
    office.logo.save("logo.png", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'), save=True)
    cache.clear()
    assert client.get("/kantor/logo/").status_code == 404


def test_no_logo_is_404(client, office):
    assert client.get("/kantor/logo/").status_code == 404


# --- the logo in the admin: checked like every upload ------------------------------------------

ADMIN_URL = "/admin/core/officeprofile/1/change/"


def _admin_form(office, **extra):
    data = {
        "name": office.name,
        "short_name": office.short_name,
        "government": office.government,
        "regency": office.regency,
        "address": office.address,
        "phone": office.phone,
        "email": office.email,
        "website": "",
        "postal_code": "",
        "time_zone": office.time_zone,
    }
    data.update(extra)
    return data


def _logo_row(response) -> str:
    """The admin's row of the logo field: its input, help text and errors."""
    text = response.content.decode()
    start = text.index("field-logo")
    return text[start : text.index("field-time_zone", start)]


def test_an_html_page_named_logo_png_is_refused_on_the_logo_field(login, admin_user, office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = samples.named(b"<!doctype html><html><script>alert(1)</script></html>", "logo.png")
    response = login(admin_user).post(ADMIN_URL, _admin_form(office, logo=page))
    assert response.status_code == 200
    assert "Isi berkas tidak dikenali sebagai jenis yang diizinkan (JPEG, PNG, WebP)." in _logo_row(response)
    office.refresh_from_db()
    assert not office.logo and not (tmp_path / "office").exists()


def test_a_png_carrying_a_web_page_is_refused_on_the_logo_field(login, admin_user, office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    real = samples.png(36, 36)  # a text chunk holding a web page, right after the header: a sound PNG
    text = b"tEXt" + b"c\x00<html><script>alert(1)</script></html>"
    polyglot = real[:33] + struct.pack(">I", len(text) - 4) + text + struct.pack(">I", zlib.crc32(text)) + real[33:]
    response = login(admin_user).post(ADMIN_URL, _admin_form(office, logo=samples.named(polyglot, "logo.png")))
    assert response.status_code == 200
    assert "Berkas PNG ini juga memuat halaman web; unggah berkas aslinya." in _logo_row(response)
    office.refresh_from_db()
    assert not office.logo


def test_a_logo_beyond_the_size_limit_is_refused_naming_the_limit(login, admin_user, office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.WARTA_MAX_UPLOAD_MB = 1
    big = samples.named(samples.png() + bytes(2 * 1024 * 1024), "logo.png")
    response = login(admin_user).post(ADMIN_URL, _admin_form(office, logo=big))
    assert response.status_code == 200
    assert "Berkas terlalu besar; batasnya 1 MB per berkas." in _logo_row(response)
    office.refresh_from_db()
    assert not office.logo


def test_a_real_png_logo_is_accepted_and_shown(login, admin_user, office, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin = login(admin_user)
    form = admin.get(ADMIN_URL)
    assert 'accept="image/jpeg,image/png,image/webp"' in _logo_row(form)
    logo = samples.png(36, 36)
    response = admin.post(ADMIN_URL, _admin_form(office, logo=samples.named(logo, "logo.png")))
    assert response.status_code == 302, _logo_row(response)
    office.refresh_from_db()
    assert office.logo
    shown = client.get("/kantor/logo/")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert b"".join(shown.streaming_content) == logo


def test_the_kept_logo_is_not_checked_again(login, admin_user, office, settings, tmp_path):
    """Saving the profile without a new file keeps the logo as it is, whatever it holds."""
    settings.MEDIA_ROOT = tmp_path
    office.logo.save("logo.png", ContentFile(b"kept before the check existed"), save=True)
    kept = office.logo.name
    response = login(admin_user).post(ADMIN_URL, _admin_form(office, phone="(0281) 000000"))
    assert response.status_code == 302, _logo_row(response)
    office.refresh_from_db()
    assert (office.logo.name, office.phone) == (kept, "(0281) 000000")
