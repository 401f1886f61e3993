"""Checks an uploaded file by its content (never by its name) and by its size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
VIDEO_TYPES = ("video/mp4",)
DOCUMENT_TYPES = ("application/pdf",)
ALL_TYPES = IMAGE_TYPES + VIDEO_TYPES + DOCUMENT_TYPES
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "video/mp4": "mp4",
    "application/pdf": "pdf",
}


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES


def sniff(head: bytes) -> str | None:
    """The content type that the first bytes of a file declare, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in {b"isom", b"iso2", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"iso4", b"iso5", b"iso6", b"MSNV"}:
            return "video/mp4"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def max_upload_bytes() -> int:
    return int(settings.WARTA_MAX_UPLOAD_MB) * 1024 * 1024


def check_upload(file: IO[bytes], allowed: tuple[str, ...] = ALL_TYPES) -> CheckedUpload:
    """Raise ValidationError (in the active language) unless the file is an allowed kind and size."""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size == 0:
        raise ValidationError(_("Berkas kosong."), code="empty")
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": settings.WARTA_MAX_UPLOAD_MB},
            code="too_large",
        )
    file.seek(0)
    head = file.read(32)
    file.seek(0)
    content_type = sniff(head)
    if content_type is None or content_type not in allowed:
        names = ", ".join(EXTENSIONS[t].upper() for t in allowed)
        raise ValidationError(
            _("Isi berkas tidak dikenali sebagai jenis yang diizinkan (%(names)s).") % {"names": names},
            code="bad_type",
        )
    if content_type in IMAGE_TYPES:
        _verify_image(file)
    return CheckedUpload(content_type=content_type, size=size)


def _verify_image(file: IO[bytes]) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(file) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("Gambar rusak atau tidak dapat dibaca."), code="bad_image") from exc
    finally:
        file.seek(0)
