"""warta.core.uploads: the registry of types, the deep checks, cleaning, storage and the body limit."""

from __future__ import annotations

import io
import re
import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.handlers.wsgi import WSGIRequest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import translation
from PIL import ExifTags, Image

from warta.core import uploads
from warta.core.tests import samples
from warta.core.uploads import FILE_TYPES, atomic_with_files, check_upload, format_size, store_upload

# The registry, written out independently of warta/core/uploads.py: content type -> (extension,
# family, a real file of the type). Changing an entry there (its extension, sniffer or check) fails here.
EXPECTED = {
    "image/jpeg": ("jpg", "image", samples.jpeg()),
    "image/png": ("png", "image", samples.png()),
    "image/webp": ("webp", "image", samples.webp()),
    "video/mp4": ("mp4", "video", samples.mp4()),
    "video/quicktime": ("mov", "video", samples.mov()),
    "application/pdf": ("pdf", "document", samples.pdf()),
    "video/3gpp": ("3gp", "video", samples.three_gp()),
    "audio/ogg": ("ogg", "audio", samples.ogg_opus()),
}


def test_the_registry_is_the_expected_table():
    assert set(FILE_TYPES) == set(EXPECTED)
    for content_type, (extension, family, _sample) in EXPECTED.items():
        file_type = FILE_TYPES[content_type]
        assert (file_type.extension, file_type.family) == (extension, family), content_type
        assert (file_type.clean is not None) == (family == "image"), content_type  # images are re-encoded
        assert file_type.max_bytes() == 50 * 1024 * 1024  # WARTA_MAX_UPLOAD_MB, no type lower


@pytest.mark.parametrize("content_type", list(EXPECTED))
def test_a_real_file_of_each_type_is_accepted_as_that_type(content_type):
    sample = EXPECTED[content_type][2]
    assert check_upload(io.BytesIO(sample)).content_type == content_type


@pytest.mark.parametrize("content_type", list(EXPECTED))
def test_each_types_check_refuses_every_other_types_file(content_type):
    """A check that let anything through (or another type's check put in its place) fails here."""
    check = FILE_TYPES[content_type].check
    for other, (_ext, _family, sample) in EXPECTED.items():
        if other == content_type:
            check(io.BytesIO(sample))
            continue
        with pytest.raises(ValidationError):
            check(io.BytesIO(sample))


def test_a_real_mp4_made_by_ffmpeg_is_accepted(tmp_path):
    assert check_upload(io.BytesIO(samples.ffmpeg_mp4(tmp_path))).content_type == "video/mp4"


def test_a_real_mov_made_by_ffmpeg_is_stored_as_quicktime(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    real = samples.ffmpeg_mov(tmp_path)
    stored = store_upload(samples.named(real, "IMG_0042.MOV"))
    assert (stored.content_type, stored.original_name) == ("video/quicktime", "IMG_0042.MOV")
    assert stored.name.endswith(".mov") and not stored.thumbnail
    assert (tmp_path / "media" / stored.name).read_bytes() == real  # a video is kept as it came


def test_an_older_mov_without_ftyp_is_accepted_when_its_atoms_are_sound():
    assert check_upload(io.BytesIO(samples.bare_mov())).content_type == "video/quicktime"
    wide_first = samples.box(b"wide") + samples.box(b"mdat", bytes(64)) + samples.moov()
    assert check_upload(io.BytesIO(wide_first)).content_type == "video/quicktime"


def test_a_real_voice_note_and_a_real_3gp_made_by_ffmpeg_are_accepted(tmp_path):
    opus = samples.ffmpeg_file(
        tmp_path, "voice.ogg", "-f", "lavfi", "-i", "sine=frequency=440:duration=0.3", "-c:a", "libopus"
    )
    three_gp = samples.ffmpeg_file(
        tmp_path, "clip.3gp", "-f", "lavfi", "-i", "testsrc=size=176x144:rate=10:duration=0.3", "-c:v", "h263"
    )
    assert check_upload(io.BytesIO(opus)).content_type == "audio/ogg"
    assert check_upload(io.BytesIO(three_gp)).content_type == "video/3gpp"


REAL_PDF = samples.pdf()
REAL_MP4 = samples.mp4()
FORGED = {
    "a PDF header followed by HTML": b"%PDF-1.7\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n",
    "a PDF header and a bare trailer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    "a real PDF with a page appended after its end": REAL_PDF + b"<html><script>alert(1)</script></html>",
    "a truncated PDF": REAL_PDF[: len(REAL_PDF) // 2],
    "a PDF without pages": samples.pdf(pages=0),
    "ftyp then garbage": REAL_MP4[:28] + b"\x00garbage that is not a box structure at all",
    "an MP4 without moov": samples.box(b"ftyp", b"isom\x00\x00\x02\x00isom") + samples.box(b"mdat", bytes(32)),
    "a truncated MP4": REAL_MP4[:-10],
    "an MP4 with HTML appended": REAL_MP4 + b"<html><script>alert(1)</script></html>",
    "an MP4 whose box claims more than the file": REAL_MP4[:28] + b"\xff\xff\x00\x00moov" + REAL_MP4[36:],
    "an MP4 of an unknown brand": samples.mp4(brand=b"f4v "),
    "a MOV whose brand is not QuickTime's": samples.mov().replace(b"qt  ", b"qtxx"),
    "a MOV without moov": samples.box(b"ftyp", b"qt  \x00\x00\x02\x00qt  ") + samples.box(b"mdat", bytes(32)),
    "a truncated MOV": samples.mov()[:-10],
    "a MOV with HTML appended": samples.mov() + b"<html><script>alert(1)</script></html>",
    "an old-style MOV cut short": samples.bare_mov()[:-10],
    "an old-style MOV without media data": samples.moov(),
    "an old-style MOV with a second moov": samples.bare_mov() + samples.moov(),
    "an old-style MOV with ftyp further on": samples.bare_mov() + samples.box(b"ftyp", b"qt  \x00\x00\x02\x00qt  "),
    "an HTML page behind a moov header": samples.box(b"moov", b"<html><script>alert(1)</script></html>"),
    "text that starts like an old-style MOV": b"\x00\x00\x00\x20mdat and then plain text, not atoms at all",
    "an HTML page behind a PNG signature": b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
    "a truncated JPEG": samples.jpeg(400, 300)[:600],
    "a JPEG carrying a web page": samples.jpeg()[:2] + b"<html><script>alert(1)</script>" + samples.jpeg()[2:],
    "an executable named foto.jpg": b"MZ\x90\x00 this is an executable",
    "an empty file": b"",
    "an Ogg stream that is not Opus": samples.ogg_opus().replace(b"OpusHead", b"VorbisHd"),
    "an Ogg Opus stream cut short": samples.ogg_opus()[:-20],
    "an Ogg Opus stream never closed": samples.ogg_opus(close=False),
    "an Ogg Opus page with a wrong checksum": samples.ogg_opus()[:-1] + b"\x01",
    "an Ogg Opus stream with HTML appended": samples.ogg_opus() + b"<html><script>alert(1)</script></html>",
    "an Ogg Opus stream without its tags page": samples.ogg_opus().replace(b"OpusTags", b"OpusTagz"),
    "a 3GP without moov": samples.box(b"ftyp", b"3gp4\x00\x00\x02\x00isom") + samples.box(b"mdat", bytes(32)),
}


@pytest.mark.parametrize("what", list(FORGED))
def test_a_forged_or_broken_file_is_refused(what):
    with pytest.raises(ValidationError):
        check_upload(samples.named(FORGED[what], "berkas.pdf"))


def test_the_refusals_say_why_in_indonesian():
    def message(content: bytes) -> str:
        with pytest.raises(ValidationError) as err:
            check_upload(io.BytesIO(content))
        return err.value.messages[0]

    assert message(FORGED["a truncated PDF"]) == "PDF rusak atau tidak lengkap."
    assert message(FORGED["ftyp then garbage"]) == "Video rusak atau tidak lengkap."
    assert message(FORGED["an Ogg Opus stream cut short"]) == "Audio rusak atau tidak lengkap."
    assert "memuat halaman web" in message(FORGED["a PDF header followed by HTML"])
    assert (
        message(b"MZ\x90")
        == "Isi berkas tidak dikenali sebagai jenis yang diizinkan (JPEG, PNG, WebP, MP4, MOV, PDF, 3GP, OGG (Opus))."
    )


def test_a_type_can_be_added_with_one_registry_entry(monkeypatch):
    monkeypatch.setattr(uploads, "FILE_TYPES", dict(FILE_TYPES))
    sniff, check = uploads.iso_media(frozenset({b"f4v "}))
    uploads.register(uploads.FileType("video/x-f4v", "f4v", "F4V", "video", sniff=sniff, check=check))
    stored = check_upload(io.BytesIO(samples.mp4(brand=b"f4v ")))
    assert (stored.content_type, stored.extension) == ("video/x-f4v", "f4v")


def test_a_jpeg_is_stored_without_exif_or_gps_and_turned_upright(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    original = samples.jpeg(40, 20, orientation=6, gps=True)  # 40 wide, to be turned 90° to 20 × 40
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    stored = store_upload(samples.named(original, "IMG_0001.JPG"))
    kept = (tmp_path / stored.name).read_bytes()
    assert b"Exif" not in kept and b"PonselKu" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert image.size == (20, 40)
        # Orientation 6 turns the picture clockwise: the red left half is now on top.
        top, bottom = image.convert("RGB").getpixel((10, 5)), image.convert("RGB").getpixel((10, 35))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]
    assert stored.size == len(kept) and stored.content_type == "image/jpeg"


def test_store_upload_uses_a_random_name_and_keeps_the_original_name_for_the_record(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    stored = store_upload(samples.named(samples.jpeg(1600, 1000), "C:\\Foto\\PUB-2026-00001 poster.jpg"))
    assert re.fullmatch(r"uploads/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", stored.name)
    assert stored.original_name == "PUB-2026-00001 poster.jpg"
    with Image.open(tmp_path / stored.thumbnail) as thumb:
        assert thumb.format == "JPEG" and thumb.size == (800, 500)
    other = store_upload(samples.named(REAL_PDF, "surat.pdf"))
    assert other.thumbnail == "" and other.name.endswith(".pdf") and other.size == len(REAL_PDF)
    assert (tmp_path / other.name).read_bytes() == REAL_PDF


def test_private_files_have_no_url(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    stored = store_upload(samples.named(REAL_PDF, "surat.pdf"))
    with pytest.raises(ValueError):
        uploads.private_storage().url(stored.name)


def test_a_rolled_back_transaction_removes_the_files_it_stored(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(RuntimeError), atomic_with_files():
        store_upload(samples.named(samples.png(), "a.png"))
        store_upload(samples.named(REAL_PDF, "b.pdf"))
        raise RuntimeError("half-way")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    with atomic_with_files():
        kept = store_upload(samples.named(REAL_PDF, "b.pdf"))
    assert (tmp_path / kept.name).exists()


@pytest.mark.parametrize(
    ("size", "indonesian", "english"),
    [
        (int(52.9 * 1024 * 1024), "52,9 MB", "52.9 MB"),
        (50 * 1024 * 1024, "50 MB", "50 MB"),
        (1536, "1,5 KB", "1.5 KB"),
        (512, "512 B", "512 B"),
        (3 * 1024**3, "3 GB", "3 GB"),
    ],
)
def test_sizes_are_written_the_readers_way(size, indonesian, english):
    with translation.override("id"):
        assert format_size(size) == indonesian
    with translation.override("en"):
        assert format_size(size) == english


# --- the request body ---------------------------------------------------------------------------


class CountingStream:
    """A request body that counts what the server read (and can break off like a lost client)."""

    def __init__(self, data: bytes, *, fail_after: int | None = None) -> None:
        self.data = io.BytesIO(data)
        self.read_bytes = 0
        self.fail_after = fail_after

    def read(self, size: int = -1) -> bytes:
        if self.fail_after is not None and self.read_bytes >= self.fail_after:
            raise OSError("client went away")
        chunk = self.data.read(size)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def multipart(**fields) -> bytes:
    return encode_multipart(BOUNDARY, fields)


def wsgi_request(body: bytes, stream: CountingStream, content_length: int | None = None) -> WSGIRequest:
    return WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/",
            "CONTENT_TYPE": MULTIPART_CONTENT,
            "CONTENT_LENGTH": str(content_length or len(body)),
            "wsgi.input": stream,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
        }
    )


def read_the_body(request):
    """A view that reads the form, as the CSRF check or any form view does."""
    return request.FILES


def test_the_body_stops_being_read_once_a_file_passes_the_limit(settings):
    settings.WARTA_MAX_UPLOAD_MB = 1
    big = samples.named(b"%PDF-1.7\n" + bytes(20 * 1024 * 1024), "besar.pdf")
    body = multipart(title="Poster", file=big)
    stream = CountingStream(body)
    request = wsgi_request(body, stream)
    uploads.UploadMiddleware(read_the_body)(request)
    # 1 MB and at most two 64 KB chunks more were read of a 20 MB body.
    assert stream.read_bytes < 1024 * 1024 + 2 * 64 * 1024
    assert request.POST["title"] == "Poster"
    refused = request.FILES["file"]
    assert isinstance(refused, uploads.RefusedUpload)
    with pytest.raises(ValidationError) as err:
        check_upload(refused)
    assert err.value.messages == ["Berkas terlalu besar; batasnya 1 MB per berkas."]


def test_a_file_within_the_limit_is_read_whole(settings):
    settings.WARTA_MAX_UPLOAD_MB = 1
    body = multipart(file=samples.named(REAL_PDF, "surat.pdf"))
    request = wsgi_request(body, CountingStream(body))
    uploads.UploadMiddleware(read_the_body)(request)
    assert request.FILES["file"].read() == REAL_PDF


@pytest.mark.parametrize("how", ["the body ends early", "the connection breaks"])
def test_no_temporary_file_is_left_when_the_client_breaks_off(settings, tmp_path, how):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # so the file goes to a temporary file
    body = multipart(title="Poster", file=samples.named(b"%PDF-1.7\n" + bytes(400 * 1024), "surat.pdf"))
    cut = len(body) // 2
    stream = CountingStream(body[:cut]) if how == "the body ends early" else CountingStream(body, fail_after=cut)
    request = wsgi_request(body, stream, content_length=len(body))
    middleware = uploads.UploadMiddleware(read_the_body)
    if how == "the connection breaks":
        with pytest.raises(OSError):  # UnreadablePostError, which the CSRF check or the view meets
            middleware(request)
    else:
        middleware(request)
    assert request._warta_temp_files  # the upload had begun in a temporary file
    assert list(tmp_path.iterdir()) == []


def test_a_phones_multi_picture_jpeg_is_stored_as_its_first_picture(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first, second = Image.new("RGB", (30, 20), "red"), Image.new("RGB", (30, 20), "blue")
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    stored = store_upload(samples.named(out.getvalue(), "IMG_0002.JPG"))
    with Image.open(tmp_path / stored.name) as image:
        assert (image.format, getattr(image, "n_frames", 1), image.size) == ("JPEG", 1, (30, 20))
        assert image.convert("RGB").getpixel((5, 5))[0] > 200


def test_an_animated_webp_keeps_its_frames_and_loses_its_exif(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    frames = [Image.new("RGB", (10, 10), colour) for colour in ("red", "green", "blue")]
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PonselKu"
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], duration=100, exif=exif.tobytes())
    assert b"PonselKu" in out.getvalue()
    stored = store_upload(samples.named(out.getvalue(), "animasi.webp"))
    kept = (tmp_path / stored.name).read_bytes()
    assert b"PonselKu" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert image.n_frames == 3


def test_a_form_check_and_the_store_parse_the_file_once(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    calls = []
    original = FILE_TYPES["application/pdf"]
    monkeypatch.setitem(
        FILE_TYPES,
        "application/pdf",
        uploads.FileType(**{**original.__dict__, "check": lambda f: calls.append(1) or original.check(f)}),
    )
    file = samples.named(REAL_PDF, "surat.pdf")
    check_upload(file)
    store_upload(file)
    assert calls == [1]


def test_a_discarded_upload_leaves_no_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    stored = store_upload(samples.named(samples.png(), "a.png"))
    assert (tmp_path / stored.name).exists() and (tmp_path / stored.thumbnail).exists()
    uploads.discard_upload(stored)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_whatever_rides_behind_an_image_is_not_stored(settings, tmp_path):
    """A JPEG with an archive or a page appended after its end (a polyglot) is stored re-encoded."""
    settings.MEDIA_ROOT = tmp_path
    payload = b"PK\x03\x04 secret.zip <html><script>alert(1)</script></html>"
    stored = store_upload(samples.named(samples.jpeg(600, 400) + payload, "foto.jpg"))
    kept = (tmp_path / stored.name).read_bytes()
    assert b"PK\x03\x04" not in kept and b"<script" not in kept
    assert kept.endswith(b"\xff\xd9")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_every_image_type_is_stored_without_its_metadata(settings, tmp_path, fmt):
    settings.MEDIA_ROOT = tmp_path
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PonselKu"
    exif[ExifTags.Base.GPSInfo] = samples.GPS
    out = io.BytesIO()
    options = {"exif": exif.tobytes()}
    if fmt == "PNG":
        from PIL import PngImagePlugin

        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", "Rumah di Jl. Melati 12")
        options["pnginfo"] = text
    Image.new("RGB", (600, 400), "orange").save(out, fmt, **options)
    assert b"PonselKu" in out.getvalue()
    stored = store_upload(samples.named(out.getvalue(), f"foto.{fmt.lower()}"))
    kept = (tmp_path / stored.name).read_bytes()
    assert b"PonselKu" not in kept and b"Melati" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == fmt and image.size == (600, 400)
        assert dict(image.getexif()) == {}


def test_an_mp4_with_quicktime_user_data_and_a_64_bit_mdat_is_accepted():
    ftyp = samples.box(b"ftyp", b"mp42\x00\x00\x00\x00mp42isom")
    udta = samples.box(b"udta", samples.box(b"\xa9nam", b"\x00\x05\x00\x00Video") + bytes(4))
    moov = samples.box(b"moov", samples.box(b"mvhd", bytes(100)) + samples.box(b"trak", bytes(0)) + udta)
    media = bytes(40)
    mdat = struct.pack(">I4sQ", 1, b"mdat", 16 + len(media)) + media
    assert check_upload(io.BytesIO(ftyp + moov + mdat)).content_type == "video/mp4"
    broken = struct.pack(">I4sQ", 1, b"mdat", 16 + len(media) + 1) + media
    with pytest.raises(ValidationError):
        check_upload(io.BytesIO(ftyp + moov + broken))
