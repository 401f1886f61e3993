"""The printable QR code of the open link: structure checked module by module."""

from __future__ import annotations

import re

import pytest
import segno

URL = "https://warta.purbalinggakab.go.id/skm/isi/publikasi-konten-media-sosial/"
FORMAT_MASK = 0b101010000010010
EC_BITS = {"L": 0b01, "M": 0b00, "Q": 0b11, "H": 0b10}


def bch_format(data5: int) -> int:
    """The 15-bit format word (before masking) for 5 data bits, generator 0x537."""
    rem = data5
    for _ in range(10):
        rem = (rem << 1) ^ ((rem >> 9) * 0x537)
    return (data5 << 10) | (rem & 0x3FF)


def read_format(matrix) -> tuple[int, int]:
    size = len(matrix)

    def bit(row, col):
        return 1 if matrix[row][col] else 0

    first = 0
    positions = [(i, 8) for i in range(6)] + [(7, 8), (8, 8), (8, 7)] + [(8, 14 - i) for i in range(9, 15)]
    for i, (row, col) in enumerate(positions):
        first |= bit(row, col) << i
    second = 0
    positions2 = [(8, size - 1 - i) for i in range(8)] + [(size - 15 + i, 8) for i in range(8, 15)]
    for i, (row, col) in enumerate(positions2):
        second |= bit(row, col) << i
    return first, second


def finder_at(matrix, top, left) -> bool:
    for r in range(7):
        for c in range(7):
            dark = r in (0, 6) or c in (0, 6) or (2 <= r <= 4 and 2 <= c <= 4)
            if bool(matrix[top + r][left + c]) != dark:
                return False
    return True


@pytest.mark.parametrize("data", [URL, "http://127.0.0.1:8000/skm/isi/a/", URL + "?sumber=poster-loket-" + "x" * 60])
def test_qr_structure(data):
    qr = segno.make(data, error="m", micro=False, boost_error=False)
    matrix = qr.matrix
    size = len(matrix)
    assert qr.mode == "byte"
    assert qr.error == "M"
    assert 1 <= qr.version <= 10
    assert size == 17 + 4 * qr.version  # 21 for version 1, 4 more per version
    assert all(len(row) == size for row in matrix)
    # Finder patterns in three corners, none in the fourth.
    assert finder_at(matrix, 0, 0)
    assert finder_at(matrix, 0, size - 7)
    assert finder_at(matrix, size - 7, 0)
    assert not finder_at(matrix, size - 7, size - 7)
    # Timing patterns alternate on row 6 and column 6.
    assert [bool(matrix[6][c]) for c in range(8, size - 8)] == [c % 2 == 0 for c in range(8, size - 8)]
    assert [bool(matrix[r][6]) for r in range(8, size - 8)] == [r % 2 == 0 for r in range(8, size - 8)]
    # The dark module.
    assert matrix[size - 8][8]
    # Both copies of the format information agree, carry level M and the mask used, and are a valid BCH word.
    first, second = read_format(matrix)
    assert first == second
    word = first ^ FORMAT_MASK
    data5 = word >> 10
    assert data5 >> 3 == EC_BITS["M"]
    assert data5 & 0b111 == qr.mask
    assert bch_format(data5) == word


def test_longer_links_need_higher_versions():
    # Version 1-M holds 14 bytes.
    short = segno.make("http://a.id/s", error="m", micro=False, boost_error=False)
    assert short.version == 1
    assert segno.make("http://a.id/skm/", error="m", micro=False, boost_error=False).version == 2
    long = segno.make(URL + "x" * 100, error="m", micro=False, boost_error=False)
    assert long.version > short.version


def test_svg_of_the_poster_matches_the_symbol():
    from warta.survey.charts import qr_svg

    svg = str(qr_svg(URL, scale=10))
    qr = segno.make(URL, error="m", micro=False, boost_error=False)
    side = (len(qr.matrix) + 8) * 10  # four modules of quiet zone on each side
    assert re.search(rf'width="{side}"', svg)
    assert re.search(rf'height="{side}"', svg)
