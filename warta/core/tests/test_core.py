import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from warta.core.uploads import check_upload


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, "PNG")
    return buf.getvalue()


def test_upload_is_checked_by_content_not_name():
    disguised = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 this is an executable", content_type="image/jpeg")
    with pytest.raises(ValidationError) as err:
        check_upload(disguised)
    assert "tidak dikenali" in str(err.value)
    real = SimpleUploadedFile("gambar.txt", png_bytes(), content_type="text/plain")
    assert check_upload(real).content_type == "image/png"


def test_upload_size_limit(settings):
    settings.WARTA_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError) as err:
        check_upload(big)
    assert "terlalu besar" in str(err.value)


def test_broken_image_is_refused():
    broken = SimpleUploadedFile("rusak.png", png_bytes()[:20])
    with pytest.raises(ValidationError):
        check_upload(broken)


def test_pages_are_indonesian_first_even_for_english_browsers(client, db, office):
    response = client.get("/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert "Masuk" in response.content.decode()
    assert response["Content-Language"] == "id"


def test_language_switch_to_english(client, db, office):
    client.post("/bahasa/", {"language": "en", "next": "/masuk/"})
    response = client.get("/masuk/")
    assert response["Content-Language"] == "en"


def test_favicon_is_linked_and_served(client, office):
    text = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/warta/favicon.svg" type="image/svg+xml">' in text
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/warta/favicon.ico"
