"""publish: the assigned staff, assigned/scheduled → published, a link per platform on its domain."""

from __future__ import annotations

import pytest
from django.core import mail

from warta.desk.models import Event, PublicationRequest
from warta.desk.signals import request_published
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import InvalidData, NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db
LINKS = {
    "instagram": "https://www.instagram.com/p/DAbc123/",
    "facebook": "https://www.facebook.com/dinkominfopbg/posts/987",
}


@pytest.mark.parametrize("status", ["assigned", "scheduled"])
def test_staff_records_the_links_and_the_contact_gets_them(
    status, staf, org, office, django_capture_on_commit_callbacks
):
    req = make_request(org, status, assignee=staf)
    heard = []

    def listener(sender, request, **kwargs):
        heard.append(request.number)

    request_published.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            event = perform(req, "publish", staf, {"links": LINKS})
    finally:
        request_published.disconnect(listener)
    req = PublicationRequest.objects.get(pk=req.pk)
    assert req.status == "published" and req.published_at == event.at
    assert dict(req.posts.values_list("platform", "url")) == LINKS
    assert req.sla_outcome == "met"
    assert event.data["links"] == LINKS
    assert [m.to for m in mail.outbox] == [["rina@dinkes.example.go.id"]]
    assert mail.outbox[0].subject == f"Permohonan {req.number} telah dipublikasikan"
    for url in LINKS.values():
        assert url in mail.outbox[0].body
    assert heard == [req.number]


def test_a_platform_not_published_needs_a_reason(staf, org):
    req = make_request(org, "assigned", assignee=staf)
    with pytest.raises(InvalidData) as exc:
        perform(req, "publish", staf, {"links": {"instagram": LINKS["instagram"]}})
    assert set(exc.value.errors) == {"links.facebook"}
    perform(
        req,
        "publish",
        staf,
        {"links": {"instagram": LINKS["instagram"]}, "not_published": {"facebook": "Akun sedang dibatasi Meta."}},
    )
    post = PublicationRequest.objects.get(pk=req.pk).posts.get(platform="facebook")
    assert (post.url, post.not_published_reason) == ("", "Akun sedang dibatasi Meta.")


@pytest.mark.parametrize(
    ("links", "field"),
    [
        ({"instagram": "https://evil.example/instagram.com/p/1", "facebook": LINKS["facebook"]}, "links.instagram"),
        ({"instagram": LINKS["instagram"], "facebook": "https://fb.com.evil.example/1"}, "links.facebook"),
        ({"instagram": "ftp://instagram.com/p/1", "facebook": LINKS["facebook"]}, "links.instagram"),
        ({**LINKS, "tiktok": "https://www.tiktok.com/@dinkominfopbg/video/1"}, "links.tiktok"),
    ],
)
def test_links_must_be_on_the_platforms_domain(links, field, staf, org):
    req = make_request(org, "assigned", assignee=staf)
    with pytest.raises(InvalidData) as exc:
        perform(req, "publish", staf, {"links": links})
    assert set(exc.value.errors) == {field}
    assert PublicationRequest.objects.get(pk=req.pk).status == "assigned"
    assert not Event.objects.exists()


def test_every_platform_skipped_is_not_a_publication(staf, org):
    req = make_request(org, "assigned", assignee=staf)
    with pytest.raises(InvalidData) as exc:
        perform(req, "publish", staf, {"not_published": {"instagram": "x", "facebook": "y"}})
    assert set(exc.value.errors) == {"links"}


def test_other_domains_accepted(staf, org):
    req = make_request(org, "assigned", assignee=staf, platforms=["x", "youtube", "facebook"])
    perform(
        req,
        "publish",
        staf,
        {
            "links": {
                "x": "https://twitter.com/a/status/1",
                "youtube": "https://youtu.be/abc",
                "facebook": "https://fb.watch/x/",
            }
        },
    )
    assert PublicationRequest.objects.get(pk=req.pk).status == "published"


def test_wrong_status(staf, org):
    req = make_request(org, "needs_completion", assignee=staf)
    with pytest.raises(WrongStatus):
        perform(req, "publish", staf, {"links": LINKS})


@pytest.mark.parametrize("who", ["staf2", "kabid", "pemohon"])
def test_outsiders(who, request, staf, org):
    req = make_request(org, "assigned", assignee=staf)
    with pytest.raises(NotPermitted):
        perform(req, "publish", request.getfixturevalue(who), {"links": LINKS})
    assert PublicationRequest.objects.get(pk=req.pk).status == "assigned"
