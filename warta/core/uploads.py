"""Every uploaded file goes through here: checked by its content (never by its name), cleaned, and
stored under a random name in private storage that no URL reaches.

- `FILE_TYPES` is the one registry of what may be uploaded: content type, extension, a sniffer for
  the first bytes, a deep check that parses the whole file, an optional size limit and, for images,
  the re-encoding that strips EXIF/GPS. Adding a type is one `register(FileType(...))` call.
- `check_upload(file)` checks a file and says what it is; `store_upload(file)` checks, cleans and
  stores it and is what every part calls to keep a file (the desk's attachments, pending uploads,
  inbox media, publishing renditions). Files stored inside `atomic_with_files()` are removed again
  when the transaction rolls back.
- `LimitedUploadHandler` (FILE_UPLOAD_HANDLERS) stops reading a request body as soon as a file passes
  its limit; `UploadMiddleware` then puts a `RefusedUpload` in the file's place in request.FILES, so
  the form or the API names the field and the limit, and removes any temporary file a broken upload
  left.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import secrets
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload, TemporaryFileUploadHandler
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import formats
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _

# Longest side of a stored thumbnail, in pixels.
THUMBNAIL_PX = 800
# Images larger than this many pixels are refused before decoding (a "decompression bomb").
MAX_IMAGE_PIXELS = 60_000_000
# Markers that make a browser or a mail client take bytes for a web page. None of them belongs in
# the first kilobyte of an image, a video or a PDF; a file that carries one is a polyglot.
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<svg", b"<a href")


# --- the registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileType:
    """One kind of file that may be uploaded."""

    content_type: str
    extension: str
    label: str  # as users know it: "JPEG", "MP4"
    family: str  # "image", "video", "document", "audio"
    sniff: Callable[[bytes], bool]  # do these first bytes (at least 64) declare this type?
    check: Callable[[IO[bytes]], None]  # parse the whole file; raise ValidationError when it is not one
    max_mb: int | None = None  # None: WARTA_MAX_UPLOAD_MB; never above it
    clean: Callable[[IO[bytes]], bytes] | None = None  # re-encode (strip metadata) before storing

    def max_bytes(self) -> int:
        limit = max_upload_bytes()
        if self.max_mb is not None:
            limit = min(limit, self.max_mb * 1024 * 1024)
        return limit


FILE_TYPES: dict[str, FileType] = {}


def register(file_type: FileType) -> FileType:
    """Add a type to the registry (sniffers are tried in registration order)."""
    FILE_TYPES[file_type.content_type] = file_type
    return file_type


def types_of(*families: str) -> tuple[str, ...]:
    return tuple(t.content_type for t in FILE_TYPES.values() if t.family in families)


def is_image(content_type: str) -> bool:
    file_type = FILE_TYPES.get(content_type)
    return file_type is not None and file_type.family == "image"


def sniff(head: bytes, allowed: tuple[str, ...] | None = None) -> FileType | None:
    """The registered type that the first bytes of a file declare, or None."""
    for file_type in FILE_TYPES.values():
        if (allowed is None or file_type.content_type in allowed) and file_type.sniff(head):
            return file_type
    return None


def max_upload_bytes() -> int:
    return int(settings.WARTA_MAX_UPLOAD_MB) * 1024 * 1024


def format_size(size: int | float | None) -> str:
    """A size as the reader's locale writes it: "52,9 MB" in Indonesian (1 MB = 1024 × 1024 bytes)."""
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            break
        value /= 1024
    if unit == "B":
        return f"{int(value)} B"
    value = round(value, 1)
    places = 0 if value == int(value) else 1
    return f"{formats.number_format(value, places, use_l10n=True)} {unit}"


def accept_attribute(allowed: tuple[str, ...] | None = None) -> str:
    """The `accept` attribute of a file input for these types (every registered type by default)."""
    return ",".join(allowed or tuple(FILE_TYPES))


def allowed_labels(allowed: tuple[str, ...] | None = None) -> str:
    return ", ".join(FILE_TYPES[t].label for t in (allowed or tuple(FILE_TYPES)) if t in FILE_TYPES)


# --- checks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int

    @property
    def file_type(self) -> FileType:
        return FILE_TYPES[self.content_type]

    @property
    def extension(self) -> str:
        return self.file_type.extension

    @property
    def is_image(self) -> bool:
        return is_image(self.content_type)


class RefusedUpload(UploadedFile):
    """Stands in for a file whose upload was stopped at the size limit: the bytes were never kept.
    `check_upload` refuses it with the limit, so the form or the API names the field."""

    def __init__(self, name: str, received: int, limit: int) -> None:
        super().__init__(io.BytesIO(), name=name, content_type="application/octet-stream", size=received)
        self.limit = limit


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("Berkas terlalu besar; batasnya %(limit)s per berkas.") % {"limit": format_size(limit)},
        code="too_large",
    )


def _file_size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
    return int(size)


def check_upload(file: IO[bytes], allowed: tuple[str, ...] | None = None) -> CheckedUpload:
    """Raise ValidationError (in the active language) unless the file is an allowed type, within its
    size limit, and parses as what it claims to be. The verdict is kept on the file object, so a form
    that checked it and `store_upload` do not parse it twice."""
    if isinstance(file, RefusedUpload):
        raise _too_large(file.limit)
    cached = getattr(file, "_warta_checked", None)
    if cached is not None and cached[0] == (allowed, max_upload_bytes()):
        return cached[1]
    size = _file_size(file)
    if size == 0:
        raise ValidationError(_("Berkas kosong."), code="empty")
    if size > max_upload_bytes():
        raise _too_large(max_upload_bytes())
    file.seek(0)
    head = file.read(1024)
    file.seek(0)
    file_type = sniff(head, allowed)
    if file_type is None:
        raise ValidationError(
            _("Isi berkas tidak dikenali sebagai jenis yang diizinkan (%(names)s).")
            % {"names": allowed_labels(allowed)},
            code="bad_type",
        )
    if size > file_type.max_bytes():
        raise _too_large(file_type.max_bytes())
    if any(marker in head.lower() for marker in HTML_MARKERS):
        raise ValidationError(
            _("Berkas %(type)s ini juga memuat halaman web; unggah berkas aslinya.") % {"type": file_type.label},
            code="polyglot",
        )
    try:
        file_type.check(file)
    finally:
        file.seek(0)
    checked = CheckedUpload(content_type=file_type.content_type, size=size)
    with suppress(AttributeError):
        file._warta_checked = ((allowed, max_upload_bytes()), checked)  # type: ignore[attr-defined]
    return checked


# Images: Pillow decodes the whole picture; storing re-encodes it without EXIF (GPS), XMP or text
# chunks, with the EXIF orientation applied to the pixels.


def _open_image(file: IO[bytes]):  # -> PIL.Image.Image
    from PIL import Image

    file.seek(0)
    image = Image.open(file)
    if image.width * image.height > MAX_IMAGE_PIXELS:
        image.close()
        raise ValidationError(_("Gambar terlalu besar dimensinya."), code="bad_image")
    return image


def _check_image(*formats: str) -> Callable[[IO[bytes]], None]:
    def check(file: IO[bytes]) -> None:
        from PIL import Image, UnidentifiedImageError

        try:
            with _open_image(file) as image:
                if image.format not in formats:
                    raise ValidationError(_("Gambar rusak atau tidak dapat dibaca."), code="bad_image")
                image.verify()
            with _open_image(file) as image:
                image.load()  # verify() does not decode the pixels: a truncated image fails here
        except ValidationError:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
            raise ValidationError(_("Gambar rusak atau tidak dapat dibaca."), code="bad_image") from exc

    return check


def _clean_image(file: IO[bytes]) -> bytes:
    """The image re-encoded in its own format, turned upright, with no metadata but its colour profile."""
    from PIL import ImageOps

    with _open_image(file) as image:
        fmt = image.format or "PNG"
        if fmt == "MPO":  # a phone's JPEG with a second (depth or preview) picture: keep the first
            fmt = "JPEG"
        animated = fmt != "JPEG" and getattr(image, "n_frames", 1) > 1
        icc = image.info.get("icc_profile")
        out = io.BytesIO()
        if animated:  # frames kept as they are; EXIF and XMP dropped
            image.info = {k: v for k, v in image.info.items() if k in ("loop", "duration", "background")}
            image.save(out, format=fmt, save_all=True, exif=b"", quality=90)
            return out.getvalue()
        upright = ImageOps.exif_transpose(image)
        keep = {k: v for k, v in image.info.items() if k in ("transparency", "icc_profile")}
        upright.info = keep
        options: dict[str, Any] = {"exif": b""}
        if icc:
            options["icc_profile"] = icc
        if fmt == "JPEG":
            if upright.mode not in ("RGB", "L", "CMYK"):
                upright = upright.convert("RGB")
            options.update(quality=90, optimize=True)
        elif fmt == "WEBP":
            options.update(quality=90)
        upright.save(out, format=fmt, **options)
    return out.getvalue()


def make_thumbnail(file: IO[bytes]) -> bytes:
    """A JPEG no wider or taller than THUMBNAIL_PX, upright, without metadata."""
    from PIL import Image, ImageOps

    with _open_image(file) as image:
        image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))  # a JPEG is decoded at the reduced scale
        upright = ImageOps.exif_transpose(image)
        if upright.mode in ("RGBA", "LA", "P"):
            rgba = upright.convert("RGBA")
            background = Image.new("RGB", rgba.size, (255, 255, 255))
            background.paste(rgba, mask=rgba.getchannel("A"))
            upright = background
        elif upright.mode != "RGB":
            upright = upright.convert("RGB")
        out = io.BytesIO()
        upright.save(out, format="JPEG", quality=82, optimize=True)
    return out.getvalue()


# PDF: pypdf reads the cross-reference table and every page; nothing may follow the last %%EOF but
# whitespace (a page appended after it is how a PDF/HTML polyglot is made).


def _check_pdf(file: IO[bytes]) -> None:
    import pypdf

    refused = ValidationError(_("PDF rusak atau tidak lengkap."), code="bad_pdf")
    file.seek(0, os.SEEK_END)
    end = file.tell()
    file.seek(max(0, end - 2048))
    tail = file.read()
    eof = tail.rfind(b"%%EOF")
    if eof < 0 or tail[eof + 5 :].strip(b"\r\n\t \x00"):
        raise refused
    file.seek(0)
    try:
        reader = pypdf.PdfReader(file)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(_("PDF dilindungi kata sandi; unggah tanpa kata sandi."), code="bad_pdf")
        pages = reader.pages
        if len(pages) == 0:
            raise refused
        for page in pages:
            page.mediabox  # noqa: B018  (reads each page object)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on a damaged file; each is a refusal
        raise refused from exc


# MP4/MOV/3GP (ISO base media): the top-level boxes must tile the file exactly, `ftyp` first with a
# brand of the type (an older MOV has no `ftyp`: it opens with another QuickTime top-level atom), a
# `moov` holding `mvhd` and a `trak`, and media data present.

# Boxes whose payload is only boxes. Not `udta` (QuickTime ends its list with four zero bytes) nor
# `meta` (a full box in ISO files, a plain one in QuickTime's).
CONTAINER_BOXES = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"mvex"}


def _boxes(file: IO[bytes], start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, box end) of each box in [start, end); ValidationError if they do not tile it."""
    refused = ValidationError(_("Video rusak atau tidak lengkap."), code="bad_video")
    pos = start
    while pos < end:
        if end - pos < 8:
            raise refused
        file.seek(pos)
        size, kind = struct.unpack(">I4s", file.read(8))
        header = 8
        if size == 1:
            if end - pos < 16:
                raise refused
            (size,) = struct.unpack(">Q", file.read(8))
            header = 16
        elif size == 0:  # extends to the end of its parent
            size = end - pos
        if size < header or pos + size > end or not all(32 <= c < 127 for c in kind):
            raise refused
        yield kind, pos + header, pos + size
        pos += size


def _brand(head: bytes) -> bytes | None:
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return head[8:12]
    return None


def iso_media(
    brands: frozenset[bytes], bare_starts: frozenset[bytes] = frozenset()
) -> tuple[Callable[[bytes], bool], Callable[[IO[bytes]], None]]:
    """The sniffer and the deep check for an ISO base media file whose major brand is one of `brands`;
    or, without `ftyp`, one that opens with a top-level box of `bare_starts` (older QuickTime files)."""

    def sniff_brand(head: bytes) -> bool:
        return _brand(head) in brands or (len(head) >= 8 and head[4:8] in bare_starts)

    def check(file: IO[bytes]) -> None:
        refused = ValidationError(_("Video rusak atau tidak lengkap."), code="bad_video")
        file.seek(0, os.SEEK_END)
        end = file.tell()
        top = list(_boxes(file, 0, end))
        if not top:
            raise refused
        kinds = [kind for kind, _start, _end in top]
        if top[0][0] == b"ftyp":
            file.seek(top[0][1])
            if top[0][2] - top[0][1] < 8 or file.read(4) not in brands:
                raise refused
        elif top[0][0] not in bare_starts or b"ftyp" in kinds:
            raise refused
        if kinds.count(b"moov") != 1 or b"mdat" not in kinds:
            raise refused
        _kind, moov_start, moov_end = top[kinds.index(b"moov")]
        inside = [kind for kind, _s, _e in _walk(file, moov_start, moov_end, depth=0)]
        if b"mvhd" not in inside or b"trak" not in inside:
            raise refused

    return sniff_brand, check


def _walk(file: IO[bytes], start: int, end: int, depth: int) -> Iterator[tuple[bytes, int, int]]:
    """Every box under [start, end), descending into the container boxes (sizes checked at each level)."""
    if depth > 8:
        raise ValidationError(_("Video rusak atau tidak lengkap."), code="bad_video")
    for kind, payload, box_end in list(_boxes(file, start, end)):
        yield kind, payload, box_end
        if kind in CONTAINER_BOXES:
            yield from _walk(file, payload, box_end, depth + 1)


# Ogg Opus (WhatsApp's voice notes): the pages must tile the file exactly, each with the "OggS"
# capture pattern, version 0, a segment table that adds up to its payload and a correct CRC; the
# first page opens the stream (BOS) with an `OpusHead` of version 1, the second carries `OpusTags`,
# and the last page closes it (EOS).


def _ogg_crc_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte << 24
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else (crc << 1)
        table.append(crc & 0xFFFFFFFF)
    return table


_OGG_CRC = _ogg_crc_table()


def ogg_crc(data: bytes) -> int:
    """The CRC-32 of an Ogg page (polynomial 0x04C11DB7, no reflection, initial value 0)."""
    crc = 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _OGG_CRC[((crc >> 24) ^ byte) & 0xFF]
    return crc


def _ogg_pages(file: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """(header type, payload) of each page; ValidationError unless the pages tile the file."""
    refused = ValidationError(_("Audio rusak atau tidak lengkap."), code="bad_audio")
    file.seek(0)
    data = file.read()
    pos = 0
    while pos < len(data):
        if len(data) - pos < 27 or data[pos : pos + 4] != b"OggS" or data[pos + 4] != 0:
            raise refused
        header_type = data[pos + 5]
        segments = data[pos + 26]
        table_end = pos + 27 + segments
        if table_end > len(data):
            raise refused
        size = sum(data[pos + 27 : table_end])
        end = table_end + size
        if end > len(data):
            raise refused
        page = bytearray(data[pos:end])
        (stored_crc,) = struct.unpack("<I", bytes(page[22:26]))
        page[22:26] = b"\x00\x00\x00\x00"
        if ogg_crc(bytes(page)) != stored_crc:
            raise refused
        yield header_type, data[table_end:end]
        pos = end


def _check_ogg_opus(file: IO[bytes]) -> None:
    refused = ValidationError(_("Audio rusak atau tidak lengkap."), code="bad_audio")
    pages = list(_ogg_pages(file))
    if len(pages) < 3:  # the two headers and at least one page of sound
        raise refused
    (first_type, head), (_second_type, tags) = pages[0], pages[1]
    if not first_type & 0x02 or not head.startswith(b"OpusHead") or len(head) < 19 or head[8] != 1:
        raise refused
    if not tags.startswith(b"OpusTags"):
        raise refused
    if not pages[-1][0] & 0x04:
        raise refused


def _sniff_ogg_opus(head: bytes) -> bool:
    return head.startswith(b"OggS") and b"OpusHead" in head[:128]


# The types this office accepts: the pictures, videos (MP4, and MOV as phones record it) and PDF
# documents of any request, and what the WhatsApp channel brings besides (voice notes in Ogg Opus,
# 3GP video from older phones).

MP4_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"MSNV"}
)
_mp4_sniff, _mp4_check = iso_media(MP4_BRANDS)
THREE_GP_BRANDS = frozenset({b"3gp4", b"3gp5", b"3gp6", b"3gp7", b"3gp8", b"3gp9", b"3gr6", b"3gs6", b"3gg6"})
_3gp_sniff, _3gp_check = iso_media(THREE_GP_BRANDS)
# QuickTime (phones, iPhones above all): `ftyp` with the brand "qt  "; a file from before `ftyp`
# existed opens with one of the other top-level atoms of the QuickTime file format instead.
_mov_sniff, _mov_check = iso_media(
    frozenset({b"qt  "}), bare_starts=frozenset({b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"})
)

register(
    FileType(
        "image/jpeg",
        "jpg",
        "JPEG",
        "image",
        sniff=lambda head: head.startswith(b"\xff\xd8\xff"),
        check=_check_image("JPEG", "MPO"),
        clean=_clean_image,
    )
)
register(
    FileType(
        "image/png",
        "png",
        "PNG",
        "image",
        sniff=lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
        check=_check_image("PNG"),
        clean=_clean_image,
    )
)
register(
    FileType(
        "image/webp",
        "webp",
        "WebP",
        "image",
        sniff=lambda head: len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP",
        check=_check_image("WEBP"),
        clean=_clean_image,
    )
)
register(FileType("video/mp4", "mp4", "MP4", "video", sniff=_mp4_sniff, check=_mp4_check))
register(FileType("video/quicktime", "mov", "MOV", "video", sniff=_mov_sniff, check=_mov_check))
register(
    FileType(
        "application/pdf",
        "pdf",
        "PDF",
        "document",
        sniff=lambda head: head.startswith(b"%PDF-"),
        check=_check_pdf,
    )
)
register(FileType("video/3gpp", "3gp", "3GP", "video", sniff=_3gp_sniff, check=_3gp_check))
register(FileType("audio/ogg", "ogg", "OGG (Opus)", "audio", sniff=_sniff_ogg_opus, check=_check_ogg_opus))

# Kept for the callers that name the families directly.
IMAGE_TYPES = types_of("image")
VIDEO_TYPES = types_of("video")
DOCUMENT_TYPES = types_of("document")
AUDIO_TYPES = types_of("audio")
ALL_TYPES = tuple(FILE_TYPES)


# --- storage -----------------------------------------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """Files under MEDIA_ROOT that no URL serves: they leave only through a view that checks who asks."""

    def url(self, name: str | None) -> str:
        raise ValueError("private files have no URL; serve them through an access-checked view")


def private_storage() -> Storage:
    """The storage of every uploaded file (STORAGES["private"])."""
    return storages["private"]


def random_name(extension: str, directory: str = "uploads") -> str:
    """uploads/YYYY/MM/<32 random hex digits>.<ext>: the name says nothing about the file or its request."""
    today = dt.datetime.now(dt.UTC)
    return f"{directory}/{today:%Y}/{today:%m}/{secrets.token_hex(16)}.{extension}"


def upload_to(instance: Any, filename: str) -> str:
    """`upload_to` for a FileField saved directly (the stored name is random; the extension is kept)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return random_name(extension if extension.isalnum() else "bin")


@dataclass(frozen=True)
class StoredUpload:
    """What `store_upload` kept: the name in private storage, and what the database records."""

    name: str
    original_name: str
    content_type: str
    size: int  # of the stored (cleaned) file
    thumbnail: str = ""  # a JPEG of at most THUMBNAIL_PX, for images

    @property
    def is_image(self) -> bool:
        return is_image(self.content_type)


# Files stored inside the current atomic_with_files() block.
_stored_files: ContextVar[list[str] | None] = ContextVar("warta_stored_files", default=None)


@contextmanager
def atomic_with_files() -> Iterator[None]:
    """A transaction that also removes the files stored in it when it rolls back, so a failure half-way
    leaves neither a row nor an orphan file."""
    stored: list[str] = []
    token = _stored_files.set(stored)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        storage = private_storage()
        for name in stored:
            storage.delete(name)
        raise
    finally:
        _stored_files.reset(token)


def _save(content: bytes | File, extension: str) -> str:
    storage = private_storage()
    name = storage.save(random_name(extension), content if isinstance(content, File) else ContentFile(content))
    stored = _stored_files.get()
    if stored is not None:
        stored.append(name)
    return name


def original_name_of(file: IO[bytes], name: str = "") -> str:
    """The file's own name as the user gave it (the database keeps it; storage never uses it)."""
    raw = name or getattr(file, "name", "") or ""
    raw = str(raw).replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in raw if c.isprintable())[:255]


def store_upload(file: IO[bytes], *, name: str = "", allowed: tuple[str, ...] | None = None) -> StoredUpload:
    """Check a file (ValidationError otherwise), strip what it should not carry, and store it under a
    random name in private storage, with a thumbnail for an image. Inside `atomic_with_files()` the
    stored files go again if the transaction rolls back."""
    checked = check_upload(file, allowed)
    file_type = checked.file_type
    file.seek(0)
    cleaned = b""
    if file_type.clean is not None:
        try:
            cleaned = file_type.clean(file)
        except (OSError, ValueError, SyntaxError) as exc:  # the check passed, yet it will not re-encode
            raise ValidationError(_("Gambar rusak atau tidak dapat dibaca."), code="bad_image") from exc
        stored_name = _save(cleaned, file_type.extension)
        size = len(cleaned)
    else:
        stored_name = _save(file if isinstance(file, File) else File(file), file_type.extension)
        size = checked.size
    thumbnail = ""
    if file_type.family == "image":
        thumbnail = _save(make_thumbnail(io.BytesIO(cleaned) if file_type.clean else file), "jpg")
    file.seek(0)
    return StoredUpload(
        name=stored_name,
        original_name=original_name_of(file, name) or f"berkas.{file_type.extension}",
        content_type=file_type.content_type,
        size=size,
        thumbnail=thumbnail,
    )


def discard_upload(stored: StoredUpload) -> None:
    """Remove a stored file and its thumbnail (a pending upload abandoned, a rendition replaced)."""
    storage = private_storage()
    for name in (stored.name, stored.thumbnail):
        if name:
            storage.delete(name)


def store_thumbnail(name: str) -> str:
    """Make and store the thumbnail of a stored image (for files kept before thumbnails existed)."""
    with private_storage().open(name, "rb") as source:
        return _save(make_thumbnail(source), "jpg")


def serve_private(name: str, *, content_type: str, filename: str, as_attachment: bool) -> FileResponse:
    """A stored file as a response, never sniffed by the browser and never run as a page."""
    response = FileResponse(
        private_storage().open(name, "rb"),
        content_type=content_type,
        as_attachment=as_attachment,
        filename=filename,
    )
    if not as_attachment:
        response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- the request body --------------------------------------------------------------------------


class LimitedUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: counts each file's bytes as they stream in and stops reading the
    body the moment one passes its limit (the registry's, by its first bytes, or WARTA_MAX_UPLOAD_MB).
    The file's field then carries a RefusedUpload, which `check_upload` refuses naming the limit."""

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0
        self.limit = max_upload_bytes()
        if self.content_length is not None and self.content_length > self.limit:
            self._refuse(self.content_length)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if self.received == 0:
            file_type = sniff(raw_data[:1024])
            if file_type is not None:
                self.limit = file_type.max_bytes()
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse(self.received)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _refuse(self, received: int) -> None:
        if self.request is not None:
            refused = getattr(self.request, "_warta_refused_uploads", [])
            refused.append((self.field_name, RefusedUpload(self.file_name or "", received, self.limit)))
            self.request._warta_refused_uploads = refused  # type: ignore[attr-defined]
        raise StopUpload(connection_reset=True)


class TrackedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary-file handler, remembered on the request so that UploadMiddleware can remove
    the temporary file of an upload the client broke off (a disconnect raises inside the parser)."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.request is not None:
            tracked = getattr(self.request, "_warta_temp_files", [])
            tracked.append(self.file)
            self.request._warta_temp_files = tracked  # type: ignore[attr-defined]


def remove_temporary_files(request: HttpRequest) -> None:
    for file in getattr(request, "_warta_temp_files", []):
        try:
            path = file.temporary_file_path()
        except (AttributeError, OSError):
            continue
        with suppress(OSError):
            file.close()
        if os.path.exists(path):
            with suppress(OSError):
                os.remove(path)


class UploadMiddleware:
    """Puts a RefusedUpload where the upload handler stopped a file, whenever the body is parsed (the
    CSRF check or the view), and removes every temporary upload file once the response is made,
    whatever happened while the body was read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type == "multipart/form-data":
            parse = request.parse_file_upload

            def parse_file_upload(meta: Any, post_data: Any) -> tuple[Any, Any]:
                post, files = parse(meta, post_data)
                for field_name, refused in getattr(request, "_warta_refused_uploads", []):
                    files.setlist(field_name, [refused])
                return post, files

            request.parse_file_upload = parse_file_upload  # type: ignore[method-assign,assignment]
        try:
            return self.get_response(request)
        finally:
            remove_temporary_files(request)


# --- forms -------------------------------------------------------------------------------------


def _limit_sentence() -> str:
    return _("Paling besar %(limit)s per berkas.") % {"limit": format_size(max_upload_bytes())}


class UploadInput(forms.ClearableFileInput):
    """A file input that tells the browser the accepted types and the size limit (read when rendered)."""

    def __init__(self, attrs: dict[str, Any] | None = None, allowed: tuple[str, ...] | None = None) -> None:
        super().__init__(attrs)
        self.allowed = allowed

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {
            **(attrs or {}),
            "accept": accept_attribute(self.allowed),
            "data-max-bytes": max_upload_bytes(),
            "data-too-large": _too_large(max_upload_bytes()).messages[0],
        }
        return super().get_context(name, value, attrs)


class UploadField(forms.FileField):
    """A file field that offers the registry's types and states the size limit under the field."""

    def __init__(self, *, allowed: tuple[str, ...] | None = None, help_text: Any = "", **kwargs: Any) -> None:
        kwargs.setdefault("widget", UploadInput(allowed=allowed))
        limit = lazy(_limit_sentence, str)()
        super().__init__(help_text=format_lazy("{} {}", help_text, limit) if help_text else limit, **kwargs)
