"""The demo complaints: the officer and the team find work at once; loading twice adds nothing."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from warta.complaints.models import Complaint
from warta.desk import demo

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


@time_machine.travel(dt.datetime(2026, 3, 4, 10, 0, tzinfo=WIB), tick=False)
def test_demo_complaints():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "5 pengaduan baru" in out.getvalue()
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert {"received", "in_progress", "awaiting_approval", "answered"} <= statuses
    call_command("load_demo", stdout=io.StringIO())
    assert Complaint.objects.count() == 5
    client = Client()
    assert client.login(username="pengaduan", password=demo.PASSWORD)
    page = client.get("/aduan/").content.decode()
    assert "Tanggal vaksinasi di poster keliru" in page
    home = client.get("/beranda/").content.decode()
    assert 'class="btn primary" href="/aduan/"' in home  # the officer's own page, not an empty desk
    assert "Permohonan organisasi Anda" not in home
    team = Client()
    assert team.login(username="tim.pengaduan", password=demo.PASSWORD)
    assert "Balasan WhatsApp lama" in team.get("/aduan/").content.decode()
