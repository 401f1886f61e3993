"""Role home pages at /beranda/: what waits for each role, nearest deadline first, htmx refresh."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from warta.accounts import roles
from warta.desk.models import Status
from warta.desk.tests.test_api_support import make_request
from warta.notify.models import Notice

pytestmark = pytest.mark.django_db

URL = "/beranda/"


def text_of(client, url=URL, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


def test_pimpinan_sees_submitted_nearest_deadline_first(office, login, pimpinan, org, other_org):
    now = timezone.now()
    late = make_request(org, Status.SUBMITTED, title="Permohonan yang lama", received_at=now - dt.timedelta(days=3))
    fresh = make_request(other_org, Status.SUBMITTED, title="Permohonan yang baru")
    make_request(org, Status.AT_DIVISION, title="Sudah di bidang")
    text = text_of(login(pimpinan))
    assert "Menunggu tindakan" in text
    assert late.number in text and fresh.number in text
    assert "Sudah di bidang" not in text
    assert text.index(late.number) < text.index(fresh.number)  # nearest deadline first
    assert "badge sla-breached" in text  # the old one is past its deadline
    # SLA counts at the top
    assert "Lewat tenggat</span> <strong>1</strong>" in text


def test_kabid_sees_what_the_table_gives_the_division(office, login, kabid, fungsional, staf, org):
    """Waiting for the division: what `assign` advances (at_division); the staff's assigned work is theirs."""
    make_request(org, Status.AT_DIVISION, title="Di bidang")
    make_request(org, Status.ASSIGNED, assignee=staf, title="Dikerjakan staf")
    make_request(org, Status.SUBMITTED, title="Masih di pimpinan")
    for person in (kabid, fungsional):
        text = text_of(login(person))
        assert "Di bidang" in text
        assert "Dikerjakan staf" not in text and "Masih di pimpinan" not in text
    assert "Dikerjakan staf" in text_of(login(staf))


def test_staff_sees_only_their_assigned(office, login, staf, staf2, org):
    make_request(org, Status.ASSIGNED, assignee=staf, title="Tugas saya")
    make_request(org, Status.SCHEDULED, assignee=staf, title="Terjadwal saya")
    make_request(org, Status.ASSIGNED, assignee=staf2, title="Tugas rekan")
    text = text_of(login(staf))
    assert "Tugas saya" in text and "Terjadwal saya" in text
    assert "Tugas rekan" not in text


def test_operator_sees_their_organisation_newest_first(office, login, pemohon, org, upt, other_org):
    now = timezone.now()
    old = make_request(org, Status.PUBLISHED, title="Yang lama", received_at=now - dt.timedelta(days=5))
    mine_upt = make_request(upt, Status.REJECTED, title="Dari UPT")
    make_request(other_org, Status.SUBMITTED, title="Milik dinas lain")
    text = text_of(login(pemohon))
    assert "Permohonan organisasi Anda" in text
    assert "Yang lama" in text and "Dari UPT" in text and "Milik dinas lain" not in text
    assert text.index(mine_upt.number) < text.index(old.number)  # newest first
    assert "Dipublikasikan" in text and "Ditolak" in text
    assert "Ajukan permohonan baru" in text
    assert "sla-counts" not in text  # counts are for staff


def test_no_request_button_for_whom_the_form_refuses(office, login, pengelola, make_user):
    """The button leads to the portal form only for an operator with an organisation (else a 403)."""
    for user in (pengelola, make_user("op_tanpa_opd", roles.PEMOHON)):
        text = text_of(login(user))
        assert 'href="/permohonan/baru/"' not in text
        assert login(user).get("/permohonan/baru/").status_code == 403


def test_unread_notices_shown_and_marked_read(office, login, staf):
    Notice.objects.create(recipient=staf, text="Menunggu tindakan Anda: PUB-2026-00007", url="/permohonan/x/")
    Notice.objects.create(recipient=staf, text="Sudah dibaca", read_at=timezone.now())
    client = login(staf)
    text = text_of(client)
    assert "Menunggu tindakan Anda: PUB-2026-00007" in text and "Sudah dibaca" not in text
    assert client.get("/beranda/pemberitahuan/dibaca/").status_code == 405
    assert client.post("/beranda/pemberitahuan/dibaca/").status_code == 302
    assert not Notice.objects.filter(recipient=staf, read_at__isnull=True).exists()


def test_htmx_refresh_renders_only_the_partial(office, login, pimpinan, org):
    make_request(org, Status.SUBMITTED, title="Baru masuk")
    client = login(pimpinan)
    full = text_of(client)
    assert 'hx-trigger="every 30s"' in full and 'hx-get="/beranda/"' in full
    partial = text_of(client, HTTP_HX_REQUEST="true")
    assert partial.lstrip().startswith('<div id="desk-list"')
    assert "Baru masuk" in partial and "<html" not in partial and "<nav" not in partial.split("pager")[0]


def test_filters_for_staff(office, login, staf, org, other_org):
    make_request(org, Status.PUBLISHED, title="Terbit dinkes")
    make_request(other_org, Status.PUBLISHED, title="Terbit dindik", channel="letter")
    make_request(org, Status.SUBMITTED, title="Baru dinkes")
    client = login(staf)
    text = text_of(client, f"{URL}?status=published&organization={org.pk}")
    assert "Terbit dinkes" in text and "Terbit dindik" not in text and "Baru dinkes" not in text
    text = text_of(client, f"{URL}?channel=letter")
    assert "Terbit dindik" in text and "Terbit dinkes" not in text
    text = text_of(client, f"{URL}?status=open")
    assert "Baru dinkes" in text and "Terbit dinkes" not in text


def test_filter_selects_keep_the_chosen_values(office, login, staf, org):
    client = login(staf)
    text = text_of(client, f"{URL}?status=published&organization={org.pk}&channel=letter")
    assert '<option value="published" selected>Dipublikasikan</option>' in text
    assert f'<option value="{org.pk}" selected>{org.name}</option>' in text
    assert '<option value="letter" selected>Surat resmi</option>' in text
    assert '<option value="" selected>' not in text
    text = text_of(client, f"{URL}?status=bogus")
    assert '<select name="status" aria-invalid="true" aria-describedby="id_status_error" id="id_status">' in text
    assert '<p class="error" id="id_status_error" role="alert">' in text


def test_pagination_by_fifty(office, login, pimpinan, org):
    for _ in range(52):
        make_request(org, Status.SUBMITTED)
    client = login(pimpinan)
    first = text_of(client)
    assert "Halaman 1 dari 2" in first and first.count('<tr>\n      <td class="card-title"><a href="/permohonan/') == 50
    second = text_of(client, f"{URL}?page=2")
    assert second.count('<tr>\n      <td class="card-title"><a href="/permohonan/') == 2


def test_few_queries_whatever_the_rows(office, login, kabid, staf, org, upt):
    client = login(kabid)
    for _ in range(5):
        make_request(org, Status.AT_DIVISION)
    client.get(URL)  # warm the caches (office profile, calendar)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(30):
        make_request(upt, Status.AT_DIVISION)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many]
    assert len(many) <= 14, [q["sql"] for q in many]


def test_operator_few_queries(office, login, pemohon, org):
    for _ in range(20):
        make_request(org, Status.SUBMITTED)
    client = login(pemohon)
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    assert len(queries) <= 10, [q["sql"] for q in queries]


def test_anonymous_redirected_to_login(office, client):
    response = client.get(URL)
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_home_is_get_only(office, login, staf):
    assert login(staf).post(URL).status_code == 405


def test_nav_links_by_role(office, login, pemohon, pimpinan):
    operator = text_of(login(pemohon))
    assert 'href="/permohonan/baru/"' in operator and 'href="/disposisi-tetap/"' not in operator
    lead = text_of(login(pimpinan))
    assert 'href="/permohonan/catat/"' in lead and 'href="/disposisi-tetap/"' in lead
