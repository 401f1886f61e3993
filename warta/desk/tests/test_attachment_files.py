"""Attachments as an attacker and as a user see them: no URL of their own, served only through the
access-checked views, sizes refused while the body streams in, a thumbnail on the request page."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from PIL import Image

from warta.core.tests import samples
from warta.core.tests.test_uploads import CountingStream
from warta.desk import intake
from warta.desk.models import Attachment
from warta.desk.tests.test_api_support import make_request, submitted

pytestmark = pytest.mark.django_db


def with_image(user, org, *, size=(1200, 900), name="poster.jpg"):
    req = submitted(user, org)
    attachment = intake.add_attachment(
        req, intake.Upload(samples.named(samples.jpeg(*size, gps=True), name), alt_text="Poster"), user
    )
    return req, attachment


def urls(req, attachment):
    base = f"/permohonan/{req.number}/lampiran/{attachment.pk}/"
    return base, base + "kecil.jpg"


def test_the_stored_name_is_random_and_media_urls_are_404(office, login, pemohon, org, settings):
    req, attachment = with_image(pemohon, org)
    assert re.fullmatch(r"uploads/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", attachment.file.name)
    assert req.number not in attachment.file.name and attachment.original_name == "poster.jpg"
    client = login(pemohon)
    for name in (attachment.file.name, attachment.thumbnail.name, f"requests/2026/03/{req.number}.jpg"):
        assert client.get(f"/media/{name}").status_code == 404
    settings.DEBUG = True  # `make run`: still nothing under /media/
    assert client.get(f"/media/{attachment.file.name}").status_code == 404


def test_the_owner_downloads_the_file_as_an_attachment_never_sniffed(office, login, pemohon, org):
    req, attachment = with_image(pemohon, org)
    download, _thumb = urls(req, attachment)
    response = login(pemohon).get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'attachment; filename="poster.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    assert body == attachment.file.open("rb").read() and len(body) == attachment.size


def test_another_opds_attachment_is_404_and_a_visitor_is_sent_to_login(
    office, login, client, pemohon, pemohon_other, org
):
    req, attachment = with_image(pemohon, org)
    for url in urls(req, attachment):
        assert login(pemohon_other).get(url).status_code == 404
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/?next=")
    other_req = submitted(pemohon_other, pemohon_other.organization)
    # The attachment's id under a request the attacker may see is still not found.
    assert login(pemohon_other).get(f"/permohonan/{other_req.number}/lampiran/{attachment.pk}/").status_code == 404


def test_office_staff_may_download(office, login, staf, pemohon, org):
    req, attachment = with_image(pemohon, org)
    assert login(staf).get(urls(req, attachment)[0]).status_code == 200


def test_the_thumbnail_is_at_most_800_px_served_inline_and_made_once(office, login, pemohon, org, settings):
    req, attachment = with_image(pemohon, org, size=(1200, 900))
    client = login(pemohon)
    response = client.get(urls(req, attachment)[1])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as thumb:
        assert thumb.size == (800, 600)
        assert dict(thumb.getexif()) == {}


def test_an_attachment_kept_before_thumbnails_gets_one_on_first_view_only(office, login, pemohon, org, settings):
    req, attachment = with_image(pemohon, org, size=(300, 200))
    Attachment.objects.filter(pk=attachment.pk).update(thumbnail="")
    client = login(pemohon)
    assert client.get(urls(req, attachment)[1]).status_code == 200
    attachment.refresh_from_db()
    first = attachment.thumbnail.name
    assert first and attachment.thumbnail.storage.exists(first)
    assert client.get(urls(req, attachment)[1]).status_code == 200
    attachment.refresh_from_db()
    assert attachment.thumbnail.name == first


def test_a_pdf_has_no_thumbnail(office, login, pemohon, org):
    req = submitted(pemohon, org)
    attachment = intake.add_attachment(req, intake.Upload(samples.named(samples.pdf(), "surat.pdf")), pemohon)
    assert login(pemohon).get(urls(req, attachment)[1]).status_code == 404


def test_the_request_page_shows_thumbnails_and_download_links_never_the_original(office, login, pemohon, org):
    req, image = with_image(pemohon, org)
    pdf = intake.add_attachment(req, intake.Upload(samples.named(samples.pdf(), "surat undangan.pdf")), pemohon)
    text = login(pemohon).get(req.get_absolute_url()).content.decode()
    download, thumb = urls(req, image)
    assert f'<img src="{thumb}" alt="Poster"' in text
    assert f'src="{download}"' not in text  # the original is never shown inline
    assert f'href="{download}" download' in text
    assert f'href="{urls(req, pdf)[0]}" download' in text and "surat undangan.pdf" in text
    assert pdf.size < 1024 and f"({pdf.size} B)" in text
    assert 1024 < image.size < 1024 * 1024 and re.search(r"\(\d+(,\d)? KB\)", text)


def test_the_forms_state_the_size_limit(office, login, pemohon, staf, org, settings):
    settings.WARTA_MAX_UPLOAD_MB = 30
    assert "Paling besar 30 MB per berkas." in login(pemohon).get("/permohonan/baru/").content.decode()
    assert "Paling besar 30 MB per berkas." in login(staf).get("/permohonan/catat/").content.decode()
    req = submitted(pemohon, org)
    page = login(pemohon).get(req.get_absolute_url()).content.decode()
    assert "Paling besar 30 MB per berkas." in page and 'data-max-bytes="31457280"' in page


def _post_through_the_stack(client, path: str, fields: dict, **extra) -> tuple[object, CountingStream]:
    """POST a multipart body through every middleware, counting the bytes the server read."""
    body = encode_multipart(BOUNDARY, fields)
    stream = CountingStream(body)
    environ = client._base_environ(
        PATH_INFO=path,
        REQUEST_METHOD="POST",
        CONTENT_TYPE=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": stream},
        **extra,
    )
    return client.handler(environ), stream


def test_a_file_over_the_limit_on_the_page_is_stopped_early_and_named(office, login, pemohon, org, settings):
    settings.WARTA_MAX_UPLOAD_MB = 1
    req = make_request(org, "submitted")
    big = samples.named(samples.jpeg()[:200] + bytes(8 * 1024 * 1024), "besar.jpg")
    response, stream = _post_through_the_stack(
        login(pemohon), f"/permohonan/{req.number}/lampiran/", {"kind": "content", "alt_text": "x", "file": big}
    )
    assert stream.read_bytes < 1024 * 1024 + 2 * 64 * 1024  # of an 8 MB body
    assert response.status_code == 422
    text = response.content.decode()
    error = re.search(r'id="id_file_error"[^>]*>([^<]*)<', text)
    assert error and error.group(1) == "Berkas terlalu besar; batasnya 1 MB per berkas."
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_in_the_api_is_422_naming_file(office, api_client, pemohon, org, settings):
    settings.WARTA_MAX_UPLOAD_MB = 1
    req = make_request(org, "submitted")
    big = samples.named(samples.pdf()[:100] + bytes(6 * 1024 * 1024), "besar.pdf")
    client = api_client(pemohon)
    response, stream = _post_through_the_stack(
        client, f"/api/v1/requests/{req.number}/attachments", {"kind": "content", "file": big}
    )
    assert stream.read_bytes < 1024 * 1024 + 2 * 64 * 1024
    assert response.status_code == 422
    error = json.loads(response.content)["detail"][0]
    assert error["loc"][-1] == "file" and error["msg"] == "Berkas terlalu besar; batasnya 1 MB per berkas."
    assert not Attachment.objects.exists()


def test_a_forged_pdf_is_refused_on_the_page_naming_the_field(office, login, pemohon, org):
    req = make_request(org, "submitted")
    fake = samples.named(b"%PDF-1.7\n<html><body><script>alert(1)</script></body></html>", "surat.pdf")
    response = login(pemohon).post(f"/permohonan/{req.number}/lampiran/", {"kind": "content", "file": fake})
    assert response.status_code == 422
    assert 'id="id_file_error"' in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_admin_links_the_access_checked_download(office, admin_client, pemohon, org):
    req, attachment = with_image(pemohon, org)
    response = admin_client.get(f"/admin/desk/publicationrequest/{req.pk}/change/")
    assert response.status_code == 200
    text = response.content.decode()
    assert f'href="/permohonan/{req.number}/lampiran/{attachment.pk}/"' in text
    assert "/media/" not in text


def test_files_named_after_their_request_are_renamed_by_the_migration(pemohon, org, settings, tmp_path):
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    migration = importlib.import_module("warta.desk.migrations.0005_attachment_private_storage_thumbnail")
    req = submitted(pemohon, org)
    old = f"requests/2026/03/{req.number}.pdf"
    storage = Attachment._meta.get_field("file").storage
    storage.save(old, ContentFile(samples.pdf()))
    attachment = Attachment.objects.create(
        request=req, kind="content", file=old, content_type="application/pdf", size=1, original_name="surat.pdf"
    )
    migration.rename_to_random_names(apps, None)
    attachment.refresh_from_db()
    assert re.fullmatch(r"uploads/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert not (tmp_path / old).exists()
    assert (tmp_path / attachment.file.name).read_bytes() == samples.pdf()


def test_text_fields_beyond_the_form_data_limit_are_refused(office, login, pemohon, org):
    req = submitted(pemohon, org)
    response, stream = _post_through_the_stack(
        login(pemohon), f"/permohonan/{req.number}/lampiran/", {"alt_text": "x" * (8 * 1024 * 1024)}
    )
    assert response.status_code == 400
    assert stream.read_bytes < 3 * 1024 * 1024  # DATA_UPLOAD_MAX_MEMORY_SIZE (2 MB) of an 8 MB body


def test_the_limit_and_sizes_read_the_english_way_in_english(office, login, pemohon, org):
    req, _image = with_image(pemohon, org)
    intake.add_attachment(req, intake.Upload(samples.named(samples.pdf(), "surat.pdf")), pemohon)
    client = login(pemohon)
    client.post("/bahasa/", {"language": "en", "next": "/"})
    page = client.get(req.get_absolute_url()).content.decode()
    assert "At most 50 MB per file." in page
    assert ">Download <span" in page
    assert re.search(r"\(\d+\.\d KB\)|\(\d+ KB\)", page)


def test_the_attachment_admin_page_links_the_download_and_offers_no_file_field(office, admin_client, pemohon, org):
    req, attachment = with_image(pemohon, org)
    response = admin_client.get(f"/admin/desk/attachment/{attachment.pk}/change/")
    assert response.status_code == 200
    text = response.content.decode()
    assert f'href="/permohonan/{req.number}/lampiran/{attachment.pk}/"' in text
    assert 'type="file"' not in text and "/media/" not in text
