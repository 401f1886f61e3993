"""Real and forged files for the upload tests, built in memory (ffmpeg only where a test says so)."""

from __future__ import annotations

import io
import os
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


def moov() -> bytes:
    """The smallest `moov` a movie has: mvhd and a trak with its tkhd."""
    return box(b"moov", box(b"mvhd", bytes(100)) + box(b"trak", box(b"tkhd", bytes(84))))


def mp4(brand: bytes = b"isom") -> bytes:
    """The smallest box structure an MP4 has: ftyp, moov (mvhd, trak/tkhd), mdat."""
    ftyp = box(b"ftyp", brand + b"\x00\x00\x02\x00" + b"isomiso2mp41")
    return ftyp + moov() + box(b"mdat", bytes(64))


def three_gp() -> bytes:
    """The MP4 box structure under a 3GP brand (older phones' video on WhatsApp)."""
    return mp4(brand=b"3gp4")


def mov() -> bytes:
    """A QuickTime movie as phones record it: `ftyp` of brand "qt  ", then wide, mdat and moov."""
    return box(b"ftyp", b"qt  \x00\x00\x02\x00qt  ") + box(b"wide") + box(b"mdat", bytes(64)) + moov()


def bare_mov() -> bytes:
    """An older QuickTime movie, from before `ftyp`: it opens with its `moov` atom."""
    return moov() + box(b"mdat", bytes(64))


def _ogg_page(header_type: int, serial: int, sequence: int, granule: int, payload: bytes) -> bytes:
    """One Ogg page (RFC 3533) holding `payload` (under 255 × 255 bytes), its CRC computed here."""
    lacing = [255] * (len(payload) // 255) + [len(payload) % 255]
    header = (
        b"OggS"
        + struct.pack("<BBqIII", 0, header_type, granule, serial, sequence, 0)
        + bytes([len(lacing)])
        + bytes(lacing)
    )
    page = header + payload
    crc = 0
    for byte in page:  # CRC-32, polynomial 0x04C11DB7, unreflected, written out independently of uploads.py
        crc ^= byte << 24
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if crc & 0x80000000 else (crc << 1) & 0xFFFFFFFF
    return page[:22] + struct.pack("<I", crc) + page[26:]


def ogg_opus(*, packets: int = 2, close: bool = True) -> bytes:
    """An Ogg Opus stream as WhatsApp's voice notes are: OpusHead, OpusTags, then sound pages."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 5) + b"warta" + struct.pack("<I", 0)
    pages = [_ogg_page(0x02, 7, 0, 0, head), _ogg_page(0x00, 7, 1, 0, tags)]
    for n in range(packets):
        last = n == packets - 1
        pages.append(_ogg_page(0x04 if last and close else 0x00, 7, 2 + n, 960 * (n + 1), b"\xfc" + bytes(40)))
    return b"".join(pages)


def ffmpeg_file(tmp_path: Path, name: str, *args: str) -> bytes:
    """A real file made by ffmpeg (its arguments before the output); skipped without ffmpeg, except on CI."""
    if shutil.which("ffmpeg") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("ffmpeg is missing on CI (.ci/run installs it)")
        pytest.skip("ffmpeg is not installed")
    target = tmp_path / name
    subprocess.run(["ffmpeg", "-v", "error", *args, "-y", str(target)], check=True, timeout=60)
    return target.read_bytes()


def ffmpeg_mp4(tmp_path: Path) -> bytes:
    """A real (0.2 s, 32×32) MP4 made by ffmpeg; skipped without ffmpeg, except on CI."""
    return ffmpeg_file(tmp_path, "real.mp4", "-f", "lavfi", "-i", "color=c=red:s=32x32:d=0.2", "-c:v", "mpeg4")


def ffmpeg_mov(tmp_path: Path) -> bytes:
    """A real (1 s, 160×120) QuickTime movie made by ffmpeg; skipped without ffmpeg, except on CI."""
    return ffmpeg_file(
        tmp_path, "real.mov", "-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=10", "-f", "mov"
    )


def named(content: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(content)
    f.name = name
    return f
