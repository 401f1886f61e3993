"""The to-do list at /tugas/ and in the API: what each person sees, marking done, and the attacker's
request (another person's to-do) answered 404 and left open."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from warta.accounts import roles
from warta.core.nav import links_for
from warta.todos import services
from warta.todos.models import Todo

pytestmark = pytest.mark.django_db
URL = "/tugas/"


def _confirm(staf, key="post:1:confirm"):
    return services.add(
        key,
        kind=Todo.Kind.CONFIRM_POST,
        title="Pastikan unggahan Instagram PUB-2026-00001",
        detail="Warta tidak yakin unggahan ini sudah tayang.",
        url="/permohonan/PUB-2026-00001/",
        assignee=staf,
    )


def _whatsapp(staf, key="complaint:9:whatsapp"):
    return services.add(
        key,
        kind=Todo.Kind.SEND_WHATSAPP,
        title="Kirim jawaban pengaduan ADU-2026-00009",
        url="https://wa.me/6281234567890?text=Jawaban",
        page="/pengaduan/ADU-2026-00009/",
        assignee=staf,
    )


def test_a_person_sees_their_open_todos_with_who_what_and_links(office, login, staf, staf2):
    _confirm(staf)
    _whatsapp(staf)
    services.add("x:other", kind=Todo.Kind.OTHER, title="Tugas orang lain", assignee=staf2)
    page = login(staf).get(URL).content.decode()
    assert "Pastikan unggahan Instagram PUB-2026-00001" in page
    assert "Warta tidak yakin unggahan ini sudah tayang." in page
    assert "Tugas orang lain" not in page
    # The internal page opens in place; the outside link in a new tab without the opener.
    assert '<a class="btn small" href="/permohonan/PUB-2026-00001/">' in page
    assert 'href="https://wa.me/6281234567890?text=Jawaban" target="_blank" rel="noopener noreferrer"' in page
    assert 'href="/pengaduan/ADU-2026-00009/"' in page
    assert page.count(">Selesai</button>") == 2
    assert "csrfmiddlewaretoken" in page


def test_a_role_todo_is_on_the_list_of_everyone_holding_the_role(office, login, kabid, fungsional, staf):
    services.add("acct:ig:reconnect", kind=Todo.Kind.OTHER, title="Hubungkan ulang Instagram", role=roles.KABID_IKP)
    assert "Hubungkan ulang Instagram" in login(kabid).get(URL).content.decode()
    assert "Hubungkan ulang Instagram" not in login(staf).get(URL).content.decode()
    assert "Kepala Bidang IKP" in login(kabid).get(URL).content.decode()


def test_marking_done_moves_it_below_without_javascript(office, login, staf):
    todo = _confirm(staf)
    client = login(staf)
    response = client.post(f"/tugas/{todo.pk}/selesai/")
    assert response.status_code == 302 and response["Location"] == URL
    todo.refresh_from_db()
    assert todo.done_at is not None and todo.done_by == staf
    page = client.get(URL).content.decode()
    assert "Tidak ada tugas yang menunggu Anda." in page
    done = page.split('id="h-done"')[1]
    assert "Pastikan unggahan Instagram PUB-2026-00001" in done and staf.display_name in done


def test_htmx_gets_the_lists_only(office, login, staf):
    todo = _confirm(staf)
    response = login(staf).post(f"/tugas/{todo.pk}/selesai/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="todo-lists">') and "<html" not in body
    assert "Tidak ada tugas yang menunggu Anda." in body


def test_another_persons_todo_cannot_be_marked_done(office, login, staf, staf2, kabid):
    todo = _confirm(staf)
    assert login(staf2).post(f"/tugas/{todo.pk}/selesai/").status_code == 404
    assert login(kabid).post(f"/tugas/{todo.pk}/selesai/").status_code == 404
    assert login(staf2).post("/tugas/99999/selesai/").status_code == 404
    todo.refresh_from_db()
    assert todo.done_at is None


def test_the_admin_sees_unassigned_todos_but_not_a_persons(office, login, admin_user, staf):
    mine = _confirm(staf)
    nobody = services.add("y", kind=Todo.Kind.OTHER, title="Tanpa pemilik")
    client = login(admin_user)
    assert client.post(f"/tugas/{mine.pk}/selesai/").status_code == 404
    assert client.post(f"/tugas/{nobody.pk}/selesai/").status_code == 302


def test_wrong_method_and_anonymous(office, client, login, staf):
    todo = _confirm(staf)
    assert login(staf).get(f"/tugas/{todo.pk}/selesai/").status_code == 405
    assert login(staf).post(URL).status_code == 405
    response = client.post(f"/tugas/{todo.pk}/selesai/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    assert "/masuk/" in client.get(URL)["Location"]


def test_a_link_that_is_not_http_or_a_path_is_not_rendered(office, login, staf):
    services.add("z", kind=Todo.Kind.OTHER, title="Aneh", url="javascript:alert(1)", page="//evil.example/")
    services.add("z2", kind=Todo.Kind.OTHER, title="Aneh", url="javascript:alert(1)", assignee=staf)
    page = login(staf).get(URL).content.decode()
    assert "javascript:" not in page and "evil.example" not in page


def test_recently_done_keeps_two_weeks(office, login, staf):
    old = _confirm(staf, key="old")
    with time_machine.travel(timezone.now() - dt.timedelta(days=15)):
        services.settle("old", by=staf)
    services.add("new", kind=Todo.Kind.OTHER, title="Baru saja selesai", assignee=staf)
    services.settle("new")
    done = login(staf).get(URL).content.decode().split('id="h-done"')[1]
    assert "Baru saja selesai" in done and "otomatis oleh Warta" in done
    assert old.title not in done


def test_adding_again_reopens_a_done_todo_once(office, staf):
    first = _confirm(staf)
    services.settle(first.key)
    again = _confirm(staf)
    assert again.pk == first.pk and again.done_at is None
    assert Todo.objects.count() == 1


def test_the_menu_shows_the_count_of_open_todos(office, login, staf, pemohon):
    _confirm(staf)
    _whatsapp(staf)
    services.add("done", kind=Todo.Kind.OTHER, title="x", assignee=staf)
    services.settle("done")
    link = next(link for link in links_for(staf) if link.key == "todos")
    assert link.count == 2 and link.href == URL
    page = login(staf).get("/beranda/").content.decode()
    assert '<a href="/tugas/">Tugas <span class="badge nav-count">2</span></a>' in page
    # An OPD operator has no to-dos for the office: no menu entry (the page still answers).
    assert "todos" not in {link.key for link in links_for(pemohon)}
    assert login(pemohon).get(URL).status_code == 200


# --- the API ---------------------------------------------------------------------------------


def test_api_lists_the_callers_open_todos(office, api_client, staf, staf2):
    todo = _whatsapp(staf)
    services.add("other", kind=Todo.Kind.OTHER, title="Orang lain", assignee=staf2)
    body = api_client(staf).get("/api/v1/todos").json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["id"] == todo.pk and item["kind"] == "send_whatsapp"
    assert item["url"].startswith("https://wa.me/6281234567890") and item["page"] == "/pengaduan/ADU-2026-00009/"
    assert item["assignee"] == staf.username and item["done_at"] is None


def test_api_marks_done_only_the_callers_own(office, api_client, staf, staf2):
    todo = _confirm(staf)
    response = api_client(staf2).post(f"/api/v1/todos/{todo.pk}/done")
    assert response.status_code == 404 and "detail" in response.json()
    todo.refresh_from_db()
    assert todo.done_at is None
    response = api_client(staf).post(f"/api/v1/todos/{todo.pk}/done")
    assert response.status_code == 200
    assert response.json()["done_by"] == staf.username and response.json()["done_at"]
    assert api_client(staf).get("/api/v1/todos").json() == {"items": [], "count": 0}
    # Pressing again is harmless.
    assert api_client(staf).post(f"/api/v1/todos/{todo.pk}/done").status_code == 200


def test_api_needs_a_token(office, api_client):
    assert api_client().get("/api/v1/todos").status_code == 401
    assert api_client().post("/api/v1/todos/1/done").status_code == 401


def test_the_admin_lists_todos(office, login, admin_user, staf):
    _confirm(staf)
    response = login(admin_user).get("/admin/todos/todo/")
    assert response.status_code == 200
    assert "Pastikan unggahan Instagram PUB-2026-00001" in response.content.decode()
