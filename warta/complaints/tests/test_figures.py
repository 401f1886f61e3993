"""The public figures of a year: by channel and kind, answered in time per tier, the median."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from warta.complaints.tests.support import make_complaint

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))


def test_figures_of_a_year(client, office, pengelola, tim):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=WIB), tick=False):
        make_complaint(pengelola, tim, "answered", received_at=dt.datetime(2026, 3, 2, 8, 0, tzinfo=WIB))
    with time_machine.travel(dt.datetime(2026, 3, 5, 9, 0, tzinfo=WIB), tick=False):
        make_complaint(pengelola, tim, "answered", received_at=dt.datetime(2026, 3, 2, 8, 0, tzinfo=WIB))
        make_complaint(pengelola, tim, "received", kind="appreciation")
    page = client.get("/pengaduan/angka/2026/").content.decode()
    assert "Jumlah: 3" in page
    assert "1 (50%)" in page  # normative: one of two answered in time
    assert "37.0 jam" in page or "37,0 jam" in page  # median of 1 h and 73 h
    assert "Jumlah: 0" in client.get("/pengaduan/angka/2025/").content.decode()
    assert client.get("/pengaduan/angka/1900/").status_code == 404
