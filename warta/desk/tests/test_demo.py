"""The demo data: `manage.py load_demo` builds a believable desk through the real code, idempotently."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from warta.accounts import roles
from warta.accounts.models import Organization, User
from warta.clock.models import Breach
from warta.core.office import get_office
from warta.desk import demo
from warta.desk.models import Attachment, Channel, Event, PlatformPost, PublicationRequest, Status
from warta.standards.models import Service

WIB = ZoneInfo("Asia/Jakarta")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, object]:
    return {
        "organizations": sorted(Organization.objects.values_list("code", "name", "parent__code")),
        "users": sorted(User.objects.values_list("username", "password", "organization__code")),
        "requests": sorted(
            PublicationRequest.objects.values_list("number", "title", "status", "received_at", "due_at", "updated_at")
        ),
        "events": Event.objects.count(),
        "attachments": Attachment.objects.count(),
        "posts": PlatformPost.objects.count(),
        "breaches": Breach.objects.count(),
        "services": Service.objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_twice_creates_everything_once():
    first = run()
    assert "11 organisasi, 10 pengguna, 14 permohonan baru" in first
    before = snapshot()
    second = run()
    assert "0 organisasi, 0 pengguna, 0 permohonan baru" in second
    assert snapshot() == before
    assert Organization.objects.count() == len(demo.ORGANIZATIONS) == 11
    assert User.objects.count() == len(demo.USERS) == 10
    assert PublicationRequest.objects.count() == 14
    # The standard was imported by the command itself (nothing else had imported it).
    assert Service.objects.count() == 1
    assert PublicationRequest.objects.filter(service__isnull=True).count() == 0


@pytest.mark.django_db
def test_office_profile_is_dinkominfo_purbalingga():
    run()
    office = get_office()
    assert office.name == "Dinas Komunikasi dan Informatika"
    assert office.government == "Pemerintah Kabupaten Purbalingga"
    assert office.phone == "(0281) 8902091"
    assert office.email == "dinkominfo@purbalinggakab.go.id"
    assert office.time_zone == "Asia/Jakarta"
    assert office.address


@pytest.mark.django_db
def test_an_edited_office_profile_is_kept(office):
    office.address = "Jl. Alun-alun Utara No. 2"
    office.save()
    run()
    assert get_office().address == "Jl. Alun-alun Utara No. 2"


@pytest.mark.django_db
def test_every_status_and_channel_is_present():
    run()
    statuses = set(PublicationRequest.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    channels = set(PublicationRequest.objects.values_list("channel", flat=True))
    assert channels == set(Channel.values)


@pytest.mark.django_db
def test_one_user_per_role_with_the_demo_password():
    run()
    held = {role: set(roles.users_with_role(role).values_list("username", flat=True)) for role in roles.ROLES}
    assert held[roles.PEMOHON] == {"op.dinkes", "op.puskesmas"}
    assert held[roles.PIMPINAN] == {"kadis"}
    assert held[roles.KABID_IKP] == {"kabid.ikp"}
    assert held[roles.FUNGSIONAL_IKP] == {"pranata.humas"}
    assert held[roles.STAF_IKP] == {"staf.ikp1", "staf.ikp2"}
    assert held[roles.PENGELOLA_PENGADUAN] == {"pengaduan"}
    assert held[roles.TIM_PENGADUAN] == {"tim.pengaduan"}
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="op.dinkes").organization.code == "dinkes"
    puskesmas = User.objects.get(username="op.puskesmas").organization
    assert puskesmas.name == "UPT Puskesmas Bojongsari"
    assert puskesmas.parent.code == "dinkes"
    for username, _role, password in demo.logins():
        assert password == "warta-demo-2026"
        assert Client().login(username=username, password=password), username


@pytest.mark.django_db
def test_print_logins_prints_the_table_and_writes_nothing():
    out = run("--print-logins")
    lines = out.strip().splitlines()
    assert len(lines) == 1 + len(demo.USERS)
    for spec in demo.USERS:
        assert any(line.split()[0] == spec.username and line.rstrip().endswith("warta-demo-2026") for line in lines)
    assert "Dinas Kesehatan" in out
    assert User.objects.count() == 0
    assert PublicationRequest.objects.count() == 0


@pytest.mark.django_db
def test_requests_carry_real_timelines_and_clock_columns():
    run()
    now = dt.datetime.now(dt.UTC)
    for req in PublicationRequest.objects.prefetch_related("events"):
        events = list(req.events.all())
        assert all(e.at <= now for e in events), req.number
        if req.status == Status.DRAFT:
            assert events == []
            assert req.due_at is None
            continue
        assert events[0].action == "submit"
        assert events[0].from_status == ""
        assert events[0].at >= req.received_at
        assert req.due_at is not None and req.due_at > req.received_at
        assert events[-1].to_status == req.status
    musrenbang = PublicationRequest.objects.get(title__startswith="Bupati Purbalingga Membuka Musrenbang")
    assert musrenbang.status == Status.PUBLISHED
    links = dict(musrenbang.posts.values_list("platform", "url"))
    assert links["instagram"].startswith("https://www.instagram.com/")
    assert links["x"].startswith("https://x.com/")
    assert [e.action for e in musrenbang.events.all()] == ["submit", "dispose", "assign", "publish"]
    assert musrenbang.sla()["state"] == "met"
    assign = musrenbang.events.get(action="assign")
    assert assign.actor.username == "pranata.humas"
    assert assign.data["assignee"] == "staf.ikp1"
    assert "3 terbaik" in assign.note

    rsud = PublicationRequest.objects.get(organization__code="rsud-goeteng")
    assert rsud.sla()["state"] == "missed"
    assert rsud.attachments.get().kind == Attachment.Kind.LETTER_SCAN
    assert rsud.attachments.get().content_type == "application/pdf"
    breach = Breach.objects.get(object_id=str(rsud.pk))
    assert breach.holder.username == "staf.ikp2"
    assert breach.late_seconds == 22 * 60

    scheduled = PublicationRequest.objects.get(status=Status.SCHEDULED)
    post = scheduled.posts.get()
    assert post.scheduled_for > now
    assert scheduled.sla()["state"] == "met"

    completed_late = PublicationRequest.objects.get(title="Ayo Cek Kesehatan Gratis di Puskesmas")
    actions = [e.action for e in completed_late.events.all()]
    assert actions == ["submit", "dispose", "assign", "request_completion", "resubmit", "publish"]
    # The 50 minutes spent waiting for the applicant do not count.
    assert completed_late.sla()["used_minutes"] == 36
    poster = completed_late.attachments.get()
    assert poster.content_type == "image/png"
    assert poster.file.read(8) == b"\x89PNG\r\n\x1a\n"

    draft = PublicationRequest.objects.get(status=Status.DRAFT)
    assert draft.channel == Channel.LETTER
    assert draft.events.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "local_now",
    [
        dt.datetime(2026, 7, 8, 10, 0),  # Wednesday, working time
        dt.datetime(2026, 7, 10, 12, 15),  # Friday, during the break
        dt.datetime(2026, 7, 11, 11, 0),  # Saturday
        dt.datetime(2026, 7, 13, 6, 45),  # Monday before opening
        dt.datetime(2026, 7, 9, 20, 30),  # Thursday night
    ],
    ids=["weekday", "friday-break", "saturday", "monday-early", "night"],
)
def test_at_risk_and_breached_hold_at_any_hour(local_now):
    moment = local_now.replace(tzinfo=WIB)
    with time_machine.travel(moment, tick=False):
        run()
        states = {r.title: r.sla(moment)["state"] for r in PublicationRequest.objects.all()}
        assert states["Festival Gunung Slamet 2026"] == "at_risk"
        assert states["Jadwal Posbindu PTM Desa Bojongsari"] == "breached"
        assert states["Imbauan Kewaspadaan Cuaca Ekstrem"] == "paused"
        assert states["Gerakan Bulan Timbang Balita di Posyandu"] == "on_track"
        assert all(e.at <= moment for e in Event.objects.all())
        at_risk = PublicationRequest.objects.get(title="Festival Gunung Slamet 2026")
        assert at_risk.status == Status.AT_DIVISION
        assert at_risk.sla(moment)["used_minutes"] == 49
        # Numbers follow the order of receipt.
        by_number = list(PublicationRequest.objects.order_by("number").values_list("received_at", flat=True))
        assert by_number == sorted(by_number)
