"""edit: office staff correct the content of an open request; recorded as an `edit` event."""

from __future__ import annotations

import pytest
from django.core import mail

from warta.desk.models import Event, PlatformPost, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import InvalidData, NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db


def test_staff_corrects_the_title_and_the_change_is_recorded(staf2, org, django_capture_on_commit_callbacks):
    req = make_request(org, "at_division")
    with django_capture_on_commit_callbacks(execute=True):
        event = perform(req, "edit", staf2, {"title": "Vaksinasi HPV 2026", "note": "Typo judul."})
    req = PublicationRequest.objects.get(pk=req.pk)
    assert (req.title, req.status) == ("Vaksinasi HPV 2026", "at_division")
    assert (event.action, event.from_status, event.to_status) == ("edit", "at_division", "at_division")
    assert event.data["changes"] == {"title": {"from": "Vaksinasi HPV di sekolah", "to": "Vaksinasi HPV 2026"}}
    assert mail.outbox == []


def test_nothing_changed_is_refused(kabid, org):
    req = make_request(org, "submitted")
    with pytest.raises(InvalidData):
        perform(req, "edit", kabid, {"title": req.title})
    assert not Event.objects.exists()


def test_a_correction_may_not_break_a_requirement(kabid, org):
    req = make_request(org, "submitted", platforms=["x"])
    with pytest.raises(InvalidData) as exc:
        perform(req, "edit", kabid, {"caption": "a" * 300})
    assert set(exc.value.errors) == {"captions.x"}
    assert PublicationRequest.objects.get(pk=req.pk).caption != "a" * 300


@pytest.mark.parametrize("status", ["rejected", "cancelled"])
def test_closed_request_cannot_be_edited(kabid, staf, org, status):
    req = make_request(org, status, assignee=staf)
    with pytest.raises(WrongStatus):
        perform(req, "edit", kabid, {"title": "Baru"})


def test_after_publication_only_the_post_links_and_the_service(kabid, staf, org):
    req = make_request(org, "published", assignee=staf)
    PlatformPost.objects.create(request=req, platform="instagram", url="https://www.instagram.com/p/LAMA/")
    with pytest.raises(InvalidData) as exc:
        perform(req, "edit", kabid, {"title": "Baru"})
    assert set(exc.value.errors) == {"title"}
    with pytest.raises(InvalidData) as exc:
        perform(req, "edit", kabid, {"post_links": {"instagram": "https://example.com/p/1"}})
    assert set(exc.value.errors) == {"links.instagram"}
    event = perform(req, "edit", kabid, {"post_links": {"instagram": "https://www.instagram.com/p/BARU/"}})
    assert (event.from_status, event.to_status) == ("published", "published")
    assert event.data["changes"] == {
        "post_links": {
            "from": {"instagram": "https://www.instagram.com/p/LAMA/"},
            "to": {"instagram": "https://www.instagram.com/p/BARU/"},
        }
    }
    assert req.posts.get(platform="instagram").url == "https://www.instagram.com/p/BARU/"


def test_contact_and_service_corrections_record_old_and_new(kabid, org):
    from warta.standards.models import Service

    first = Service.objects.create(slug="satu", number=1, title="Layanan Satu")
    second = Service.objects.create(slug="dua", number=2, title="Layanan Dua")
    req = make_request(org, "submitted", service=first)
    event = perform(req, "edit", kabid, {"service": second, "contact_name": "Budi", "contact_phone": "0811"})
    assert event.data["changes"] == {
        "service": {"from": "satu", "to": "dua"},
        "contact_name": {"from": "Rina Operator", "to": "Budi"},
        "contact_phone": {"from": "081234567890", "to": "0811"},
    }
    req.refresh_from_db()
    assert (req.service, req.contact_name) == (second, "Budi")


def test_the_administrator_may_correct(admin_user, org):
    req = make_request(org, "assigned")
    event = perform(req, "edit", admin_user, {"title": "Judul dibetulkan admin"})
    assert event.actor == admin_user
    assert event.data["changes"]["title"]["to"] == "Judul dibetulkan admin"


@pytest.mark.parametrize("who", ["pemohon", "pengelola"])
def test_outsiders(who, request, org):
    req = make_request(org, "submitted")
    with pytest.raises(NotPermitted):
        perform(req, "edit", request.getfixturevalue(who), {"title": "Baru"})
    assert PublicationRequest.objects.get(pk=req.pk).title == "Vaksinasi HPV di sekolah"


def test_koreksi_isi_on_the_page_records_only_what_changed_with_old_and_new(office, login, kabid, org):
    """The staff form sends every field back; only the title changed, so only the title is recorded
    (not the platforms in another order, nor a publication time shown to the minute)."""
    import datetime as dt

    from django.utils import timezone

    publish_at = (timezone.now() + dt.timedelta(days=2)).replace(second=42, microsecond=5)
    req = make_request(org, "at_division", platforms=["facebook", "instagram"], publish_at=publish_at)
    response = login(kabid).post(
        f"/permohonan/{req.number}/aksi/edit/",
        {
            "edit-title": "Vaksinasi HPV untuk siswi",
            "edit-caption": req.caption,
            "edit-platforms": ["instagram", "facebook"],
            "edit-publish_at": timezone.localtime(publish_at).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(request=req, action="edit")
    assert event.actor == kabid
    assert event.data["changes"] == {"title": {"from": "Vaksinasi HPV di sekolah", "to": "Vaksinasi HPV untuk siswi"}}


def test_no_content_correction_form_on_a_published_request(office, login, kabid, staf, org):
    published = make_request(org, "published", assignee=staf)
    assert "Koreksi isi" not in login(kabid).get(published.get_absolute_url()).content.decode()
    open_one = make_request(org, "assigned", assignee=staf)
    assert "Koreksi isi" in login(kabid).get(open_one.get_absolute_url()).content.decode()


def test_a_correction_cannot_bring_in_a_javascript_link(org, kabid, office):
    from warta.desk import transitions
    from warta.desk.models import Status
    from warta.desk.tests.test_api_support import make_request

    req = make_request(org, Status.SUBMITTED)
    with pytest.raises(transitions.InvalidData) as err:
        transitions.perform(req, "edit", kabid, {"links": ["javascript:alert(1)"]})
    assert "links" in err.value.errors
    req.refresh_from_db()
    assert req.links == []
