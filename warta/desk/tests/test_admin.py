"""The desk in the Django admin: no side door around the audit trail.

A correction of the content, contact, service or post links is the `edit` move (an event with the
old and new values); the status is read-only; a request is never deleted, nor are its attachments.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from warta.core.tests import samples
from warta.desk import intake
from warta.desk.models import Attachment, Event, PlatformPost, PublicationRequest
from warta.desk.tests.test_api_support import make_request

pytestmark = pytest.mark.django_db


class _FormValues(HTMLParser):
    """The values a browser would send from the admin's change form, as they are on the page."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.setdefault(name, []).append(a.get("value") or ("on" if a.get("type") == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values.setdefault(self._select, []).append(a.get("value") or "")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            if self._textarea:
                self.values[self._textarea][0] = self.values[self._textarea][0].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def change_url(req: PublicationRequest) -> str:
    return f"/admin/desk/publicationrequest/{req.pk}/change/"


def form_of(client, req: PublicationRequest) -> dict[str, list[str]]:
    response = client.get(change_url(req))
    assert response.status_code == 200
    parser = _FormValues()
    parser.feed(response.content.decode())
    return parser.values


def save(client, req: PublicationRequest, **changes: str):
    values = form_of(client, req)
    for name, value in changes.items():
        values[name] = [value]
    return client.post(change_url(req), values)


def test_a_title_changed_in_the_admin_is_an_edit_event(login, admin_user, org):
    req = make_request(org, "at_division")
    client = login(admin_user)
    response = save(client, req, title="Vaksinasi HPV (dibetulkan)", contact_name="Budi Santoso")
    assert response.status_code == 302, response.content.decode()[:3000]
    req.refresh_from_db()
    assert (req.title, req.contact_name, req.status) == ("Vaksinasi HPV (dibetulkan)", "Budi Santoso", "at_division")
    event = Event.objects.get(request=req)
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        "edit",
        admin_user,
        "at_division",
        "at_division",
    )
    assert event.data["changes"] == {
        "title": {"from": "Vaksinasi HPV di sekolah", "to": "Vaksinasi HPV (dibetulkan)"},
        "contact_name": {"from": "Rina Operator", "to": "Budi Santoso"},
    }


def test_saving_without_a_change_writes_no_event(login, admin_user, org):
    req = make_request(org, "submitted")
    assert save(login(admin_user), req).status_code == 302
    assert not Event.objects.exists()


def test_the_status_is_read_only(login, admin_user, org):
    req = make_request(org, "submitted")
    client = login(admin_user)
    assert "status" not in form_of(client, req)
    save(client, req, status="published", title="Judul lain")
    req.refresh_from_db()
    assert req.status == "submitted" and req.title == "Judul lain"


def test_a_correction_that_breaks_a_requirement_is_refused_on_the_form(login, admin_user, org):
    req = make_request(org, "submitted")
    response = save(login(admin_user), req, contact_phone="", contact_email="")
    assert response.status_code == 200
    assert "Isi nomor WhatsApp atau e-mail narahubung." in response.content.decode()
    assert PublicationRequest.objects.get(pk=req.pk).contact_phone == "081234567890"
    assert not Event.objects.exists()


def test_post_links_after_publication_go_through_edit(login, admin_user, staf, org):
    req = make_request(org, "published", assignee=staf)
    PlatformPost.objects.create(request=req, platform="instagram", url="https://www.instagram.com/p/LAMA/")
    PlatformPost.objects.create(request=req, platform="facebook", url="https://www.facebook.com/p/1")
    client = login(admin_user)
    values = form_of(client, req)
    assert values["post_link_instagram"] == ["https://www.instagram.com/p/LAMA/"]
    # Content is no longer open to correction; a wrong domain is named on its field.
    response = save(client, req, title="Judul baru", post_link_instagram="https://example.com/p/1")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Setelah dipublikasikan hanya tautan unggahan dan layanan yang dapat dikoreksi." in text
    assert "Tautan harus berada di instagram.com." in text
    response = save(client, req, post_link_instagram="https://www.instagram.com/p/BARU/")
    assert response.status_code == 302
    event = Event.objects.get(request=req, action="edit")
    assert event.data["changes"] == {
        "post_links": {
            "from": {"instagram": "https://www.instagram.com/p/LAMA/"},
            "to": {"instagram": "https://www.instagram.com/p/BARU/"},
        }
    }
    assert req.posts.get(platform="instagram").url == "https://www.instagram.com/p/BARU/"


def test_a_request_is_never_deleted(login, admin_user, org):
    req = make_request(org, "cancelled")
    client = login(admin_user)
    assert client.get(f"/admin/desk/publicationrequest/{req.pk}/delete/").status_code == 403
    assert client.post(f"/admin/desk/publicationrequest/{req.pk}/delete/", {"post": "yes"}).status_code == 403
    changelist = client.get("/admin/desk/publicationrequest/").content.decode()
    assert "delete_selected" not in changelist
    response = client.post(
        "/admin/desk/publicationrequest/", {"action": "delete_selected", "_selected_action": [req.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert PublicationRequest.objects.filter(pk=req.pk).exists()


def test_the_request_page_offers_no_way_to_delete_an_attachment(login, admin_user, pemohon, org):
    req = make_request(org, "submitted")
    attachment = intake.add_attachment(req, intake.Upload(samples.named(samples.pdf(), "surat.pdf")), pemohon)
    client = login(admin_user)
    page = client.get(change_url(req)).content.decode()
    assert "surat.pdf" in page and 'name="attachments-0-id"' in page
    assert 'name="attachments-0-DELETE"' not in page
    # A forged POST that ticks the inline's delete box anyway changes nothing.
    values = form_of(client, req)
    values["attachments-0-DELETE"] = ["on"]
    assert client.post(change_url(req), values).status_code == 302
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert "surat.pdf" in client.get(change_url(req)).content.decode()


def test_an_attachment_is_never_deleted_from_its_own_admin_page(login, admin_user, pemohon, org):
    req = make_request(org, "submitted")
    attachment = intake.add_attachment(req, intake.Upload(samples.named(samples.pdf(), "surat.pdf")), pemohon)
    client = login(admin_user)
    url = f"/admin/desk/attachment/{attachment.pk}/"
    assert client.get(url + "delete/").status_code == 403
    assert client.post(url + "delete/", {"post": "yes"}).status_code == 403
    assert "deletelink" not in client.get(url + "change/").content.decode()
    changelist = client.get("/admin/desk/attachment/").content.decode()
    assert "delete_selected" not in changelist
    response = client.post(
        "/admin/desk/attachment/", {"action": "delete_selected", "_selected_action": [attachment.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert Attachment.objects.filter(pk=attachment.pk).exists()
