"""Personal data (UU 27/2022): anonymising after retention, exporting one person's data, the
privacy page and its links from every public form."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client

from warta.core import privacy
from warta.core.privacy import ANONYMISED, months_before
from warta.desk.models import Attachment, Event, PublicationRequest, Status
from warta.desk.tests.test_api_support import make_request
from warta.notify.send import notice
from warta.standards.models import Service
from warta.survey.models import Invitation, Response

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)
PHONE = "081234567890"
EMAIL = "rina@dinkes.example.go.id"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def service(db) -> Service:
    return Service.objects.create(slug="publikasi-konten-media-sosial", title="Standar Publikasi Konten Media Sosial")


def closed(org, status: str, closed_at: dt.datetime, **fields) -> PublicationRequest:
    """A request closed (published, rejected, cancelled) at `closed_at`, with its events."""
    req = make_request(org, status, received_at=closed_at - dt.timedelta(hours=2), start_clock=False, **fields)
    PublicationRequest.objects.filter(pk=req.pk).update(sla_closed_at=closed_at)
    Event.objects.create(request=req, action="submit", to_status=Status.SUBMITTED, at=req.received_at)
    Event.objects.create(
        request=req, action=status.replace("ed", ""), from_status=Status.SUBMITTED, to_status=status, at=closed_at
    )
    return req


def answered(req: PublicationRequest, service: Service, suggestion: str = "Sudah cepat.") -> Response:
    invitation = Invitation.objects.create(request=req, service=service, used_at=req.received_at)
    return Response.objects.create(
        service=service,
        surveyed_on=req.received_at.date(),
        submitted_at=req.received_at,
        invitation=invitation,
        way="invitation",
        **{f"u{n}": 4 for n in range(1, 10)},
        sex="P",
        age=34,
        education="SMA",
        occupation="PNS",
        suggestion=suggestion,
    )


# --- anonymise_contacts -------------------------------------------------------------------------


def test_months_before_counts_calendar_months():
    assert months_before(dt.datetime(2026, 11, 30, 3, tzinfo=dt.UTC), 24) == dt.datetime(2024, 11, 30, 3, tzinfo=dt.UTC)
    assert months_before(dt.datetime(2026, 3, 31, tzinfo=dt.UTC), 1) == dt.datetime(2026, 2, 28, tzinfo=dt.UTC)
    assert months_before(dt.datetime(2026, 1, 15, tzinfo=dt.UTC), 13) == dt.datetime(2024, 12, 15, tzinfo=dt.UTC)


def test_anonymise_replaces_contacts_closed_before_retention_and_keeps_the_rest(clock, org, service, capsys):
    old = closed(org, Status.PUBLISHED, NOW - dt.timedelta(days=750))  # 24.6 months ago
    old_answer = answered(old, service)
    rejected = closed(org, Status.REJECTED, months_before(NOW, 24) - dt.timedelta(minutes=1))
    recent = closed(org, Status.PUBLISHED, NOW - dt.timedelta(days=700))  # 23 months ago
    recent_answer = answered(recent, service)
    open_old = make_request(org, Status.SUBMITTED, received_at=NOW - dt.timedelta(days=1000), start_clock=False)

    call_command("anonymise_contacts")
    out = capsys.readouterr().out
    assert "desk.requests: 2 anonymised" in out
    assert "survey.responses: 1 anonymised" in out

    for req in (old, rejected):
        req.refresh_from_db()
        assert (req.contact_name, req.contact_phone, req.contact_email) == (ANONYMISED, "", "")
        assert req.title == "Vaksinasi HPV di sekolah"  # the request itself stays
        assert req.events.count() == 2  # and its history
    for req in (recent, open_old):
        req.refresh_from_db()
        assert (req.contact_name, req.contact_phone, req.contact_email) == ("Rina Operator", PHONE, EMAIL)
    old_answer.refresh_from_db()
    assert old_answer.invitation is None and old_answer.u1 == 4 and old_answer.sex == "P"  # kept for the index
    assert Invitation.objects.get(request=old).used_at is not None  # still answered once
    recent_answer.refresh_from_db()
    assert recent_answer.invitation is not None

    # Running again finds nothing more to do.
    call_command("anonymise_contacts")
    assert "desk.requests: 0 anonymised" in capsys.readouterr().out


def test_anonymise_also_clears_contact_corrections_kept_in_events(clock, org):
    req = closed(org, Status.PUBLISHED, NOW - dt.timedelta(days=800))
    correction = Event.objects.create(
        request=req,
        action="edit",
        at=req.received_at,
        data={
            "changes": {
                "contact_phone": {"from": "081100000000", "to": PHONE},
                "contact_name": {"from": "Rina", "to": "Rina Operator"},
                "title": {"from": "Vaksinasi", "to": "Vaksinasi HPV di sekolah"},
            }
        },
    )
    call_command("anonymise_contacts")
    correction.refresh_from_db()
    assert correction.data["changes"] == {
        "contact_phone": {"from": "", "to": ""},
        "contact_name": {"from": ANONYMISED, "to": ANONYMISED},
        "title": {"from": "Vaksinasi", "to": "Vaksinasi HPV di sekolah"},
    }
    assert req.events.count() == 3


def test_dry_run_changes_nothing(clock, org):
    old = closed(org, Status.CANCELLED, NOW - dt.timedelta(days=800))
    call_command("anonymise_contacts", "--dry-run")
    old.refresh_from_db()
    assert old.contact_name == "Rina Operator"


def test_retention_comes_from_the_setting(clock, org, settings, capsys):
    req = closed(org, Status.PUBLISHED, NOW - dt.timedelta(days=400))  # 13 months ago
    call_command("anonymise_contacts")
    req.refresh_from_db()
    assert req.contact_name == "Rina Operator"
    settings.WARTA_RETENTION_MONTHS = 12
    call_command("anonymise_contacts")
    req.refresh_from_db()
    assert req.contact_name == ANONYMISED
    assert "(12 months)" in capsys.readouterr().out


# --- export_contact -----------------------------------------------------------------------------


def export(tmp_path, *args) -> dict:
    out = tmp_path / "export.json"
    call_command("export_contact", *args, "--output", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def test_export_by_phone_in_any_form_gathers_everything(clock, org, other_org, service, pemohon, tmp_path):
    pemohon.phone = "+62 812-3456-7890"
    pemohon.save()
    notice(pemohon, "Menunggu tindakan Anda: PUB-2026-00001")
    mine = closed(org, Status.PUBLISHED, NOW - dt.timedelta(days=3))
    Attachment.objects.create(
        request=mine, file="requests/x.png", original_name="poster.png", content_type="image/png", size=10
    )
    answered(mine, service, suggestion="Mohon lebih cepat.")
    closed(
        other_org, Status.PUBLISHED, NOW - dt.timedelta(days=3), contact_phone="0899000111", contact_email="lain@x.id"
    )

    document = export(tmp_path, "--phone", "62 812 3456 7890")
    assert document["subject"] == {"phone": "62 812 3456 7890"}
    assert document["retention_months"] == 24
    requests = document["data"]["desk.requests"]
    assert [r["number"] for r in requests] == [mine.number]
    request = requests[0]
    assert request["contact"] == {"name": "Rina Operator", "phone": PHONE, "email": EMAIL}
    assert [e["action"] for e in request["events"]] == ["submit", "publish"]
    assert request["attachments"][0]["name"] == "poster.png"
    assert request["messages_sent"] == [
        {
            "channel": "email",
            "to": EMAIL,
            "at": request["events"][0]["at"],
            "subject": f"Permohonan publikasi {mine.number} diterima",
        },
        {
            "channel": "email",
            "to": EMAIL,
            "at": request["events"][1]["at"],
            "subject": f"Permohonan {mine.number} telah dipublikasikan",
        },
    ]
    survey = document["data"]["survey.responses"]
    assert survey[0]["request"] == mine.number
    assert survey[0]["answer"]["suggestion"] == "Mohon lebih cepat."
    assert survey[0]["answer"]["age"] == 34
    accounts = document["data"]["accounts.notices"]
    assert [a["username"] for a in accounts] == ["op_dinkes"]
    assert accounts[0]["notices"][0]["text"] == "Menunggu tindakan Anda: PUB-2026-00001"
    assert "lain@x.id" not in json.dumps(document)
    assert document["found"] == 3


def test_export_by_email_ignores_case(clock, org, tmp_path):
    req = closed(org, Status.REJECTED, NOW - dt.timedelta(days=3))
    document = export(tmp_path, "--email", "RINA@Dinkes.Example.go.id")
    assert [r["number"] for r in document["data"]["desk.requests"]] == [req.number]
    assert document["data"]["survey.responses"] == []


def test_export_after_anonymising_finds_nothing(clock, org, tmp_path):
    closed(org, Status.PUBLISHED, NOW - dt.timedelta(days=800))
    call_command("anonymise_contacts")
    assert export(tmp_path, "--phone", PHONE)["found"] == 0
    assert export(tmp_path, "--email", EMAIL)["found"] == 0


def test_export_to_standard_output(clock, org, capsys):
    closed(org, Status.PUBLISHED, NOW - dt.timedelta(days=3))
    call_command("export_contact", "--email", EMAIL)
    assert json.loads(capsys.readouterr().out)["found"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "one of the arguments --phone --email is required"),
        (("--phone", "08123"), "--phone: give a phone number with at least 8 digits"),
        (("--email", "bukan-email"), "--email: give an e-mail address"),
        (("--phone", PHONE, "--email", EMAIL), "not allowed with argument"),
    ],
)
def test_export_needs_one_valid_phone_or_email(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_contact", *args)


def test_every_part_holding_contact_data_is_registered():
    assert [h.name for h in privacy.holders()] == [
        "accounts.notices",
        "channels.conversations",
        "complaints.complaints",
        "desk.requests",
        "notify.outgoing",
        "notify.whatsapp",
        "survey.responses",
        "todos.whatsapp",
    ]


# --- the privacy page ---------------------------------------------------------------------------


def test_privacy_page_states_retention_rights_and_how_to_ask(office, settings):
    settings.WARTA_RETENTION_MONTHS = 36
    response = Client().get("/privasi/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Kebijakan privasi" in text
    assert "Undang-Undang Nomor 27 Tahun 2022" in text
    assert "disimpan selama 36 bulan setelah permohonan selesai" in text
    assert 'href="mailto:dinkominfo@purbalinggakab.go.id"' in text


def test_privacy_page_is_get_only(office):
    assert Client().post("/privasi/").status_code == 405


def test_every_public_form_links_the_privacy_page(office, service, login, pemohon, settings):
    settings.WARTA_RETENTION_MONTHS = 18
    portal = login(pemohon).get("/permohonan/baru/").content.decode()
    assert 'href="/privasi/"' in portal
    assert "Data kontak disimpan selama 18 bulan setelah layanan selesai" in portal
    for url in ("/skm/isi/publikasi-konten-media-sosial/", "/lacak/"):
        response = Client().get(url)
        assert response.status_code == 200, url
        assert 'href="/privasi/"' in response.content.decode(), url


def test_privacy_page_in_english(office):
    client = Client()
    client.cookies["django_language"] = "en"
    text = client.get("/privasi/").content.decode()
    assert "Privacy policy" in text
    assert "Contact data (name, WhatsApp number, e-mail) is kept for 24 months" in text
