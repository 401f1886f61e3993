"""Real and forged files for the upload tests, built in memory (ffmpeg only where a test says so)."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from PIL import ExifTags, Image

GPS = {1: "S", 2: (7.0, 23.0, 1.5), 3: "E", 4: (109.0, 21.0, 0.0)}


def jpeg(width: int = 40, height: int = 20, *, orientation: int | None = None, gps: bool = False) -> bytes:
    """A JPEG whose left half is red and right half blue, with the EXIF asked for."""
    image = Image.new("RGB", (width, height), (220, 20, 20))
    image.paste((20, 20, 220), (width // 2, 0, width, height))
    exif = Image.Exif()
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.Base.GPSInfo] = GPS
        exif[ExifTags.Base.Make] = "PonselKu"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def png(width: int = 4, height: int = 4) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(out, "PNG")
    return out.getvalue()


def webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 6), "green").save(out, "WEBP")
    return out.getvalue()


def pdf(pages: int = 1) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def box(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def mp4(brand: bytes = b"isom") -> bytes:
    """The smallest box structure an MP4 has: ftyp, moov (mvhd, trak/tkhd), mdat."""
    ftyp = box(b"ftyp", brand + b"\x00\x00\x02\x00" + b"isomiso2mp41")
    moov = box(b"moov", box(b"mvhd", bytes(100)) + box(b"trak", box(b"tkhd", bytes(84))))
    return ftyp + moov + box(b"mdat", bytes(64))


def ffmpeg_mp4(tmp_path: Path) -> bytes:
    """A real (0.2 s, 32×32) MP4 made by ffmpeg; skipped without ffmpeg, except on CI."""
    import os

    if shutil.which("ffmpeg") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("ffmpeg is missing on CI (.ci/run installs it)")
        pytest.skip("ffmpeg is not installed")
    target = tmp_path / "real.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=red:s=32x32:d=0.2", "-c:v", "mpeg4", "-y", str(target)],
        check=True,
        timeout=60,
    )
    return target.read_bytes()


def named(content: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(content)
    f.name = name
    return f
