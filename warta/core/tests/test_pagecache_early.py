"""The early answer (warta.core.middleware.PublicPageMiddleware): a cached public page for a reader
without a session, served before sessions, CSRF and the view, with exactly the headers and body of
the full path, never after its data changed (in any process) and never past a tracking link's expiry."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db.models import F
from django.test import Client
from django.utils import timezone

from warta.core import pagecache
from warta.core.models import ContentStamp
from warta.core.pagecache import PLACEHOLDER
from warta.desk import tracking
from warta.desk.models import PublicationRequest, Status
from warta.desk.tests.test_api_support import make_request
from warta.standards.importer import import_standard
from warta.standards.models import Service
from warta.standards.tests.real_standard import REAL
from warta.survey.models import Response
from warta.survey.tests.conftest import answers, make_response

pytestmark = pytest.mark.django_db

SLUG = "publikasi-konten-media-sosial"
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]{64}')


@pytest.fixture
def standard(db):
    return import_standard(REAL.read_text(encoding="utf-8"), file_name=REAL.name)


@pytest.fixture
def published(office, org):
    return make_request(org, Status.PUBLISHED, platforms=["instagram"])


@pytest.fixture
def open_request(office, org):
    return make_request(org, Status.AT_DIVISION, platforms=["instagram"])


def masked(body: bytes) -> bytes:
    """The page with every CSRF token (masked anew for each answer) blanked."""
    assert PLACEHOLDER.encode() not in body
    return TOKEN.sub(rb"\1<token>", body)


def headers(response) -> dict[str, str]:
    return {name.lower(): value for name, value in response.headers.items()}


def cookie_attributes(response) -> dict[str, dict[str, str]]:
    """Each cookie's attributes; `expires` is the moment of the answer plus max-age, so only its presence."""
    return {
        name: {k: ("set" if k == "expires" else v) for k, v in morsel.items() if v}
        for name, morsel in response.cookies.items()
    }


def client_with(cookies: dict[str, str]) -> Client:
    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def hide_early_entries() -> None:
    for key in list(cache._cache):  # type: ignore[attr-defined]
        if ":page-early:" in key:
            cache.delete(key.split(":", 2)[2])


@pytest.fixture
def early(monkeypatch):
    """Records, for each request, whether the early answer gave it."""
    answers: list[bool] = []
    real = pagecache.early_answer

    def spy(request, language):
        response = real(request, language)
        answers.append(response is not None)
        return response

    monkeypatch.setattr(pagecache, "early_answer", spy)
    return answers


@pytest.fixture
def pages(standard, office, published):
    service = Service.objects.get(slug=SLUG)
    make_response(service, dt.date(2026, 2, 3), (4,) * 9)
    return {
        "standard": "/",
        "tracking": tracking.tracking_path(published.number),
        "survey": f"/skm/hasil/{SLUG}/2026/",
    }


@pytest.mark.parametrize("page", ["standard", "tracking", "survey"])
@pytest.mark.parametrize(
    "cookies",
    [{}, {"django_language": "en"}, {"csrftoken": "a" * 32}, {"csrftoken": "not-a-token"}],
    ids=["no-cookie", "english", "csrf-cookie", "bad-csrf-cookie"],
)
def test_the_early_answer_is_the_full_paths_answer(pages, page, cookies, early, django_assert_num_queries):
    path = pages[page]
    cache.clear()
    first = client_with(cookies).get(path)  # the full path: renders, caches, keeps the early entry
    with django_assert_num_queries(1):  # early: only the stamps' snapshot
        answer = client_with(cookies).get(path)
    hide_early_entries()
    full = client_with(cookies).get(path)  # the full path again, from the page cache
    assert early == [False, True, False]
    for one in (first, full):
        assert answer.status_code == one.status_code == 200
        assert headers(answer) == headers(one)
        assert cookie_attributes(answer).keys() == cookie_attributes(one).keys()
        for name, attributes in cookie_attributes(one).items():
            assert cookie_attributes(answer)[name] == attributes
        assert masked(answer.content) == masked(one.content)
    assert answer["Content-Language"] == cookies.get("django_language", "id")
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "ETag", "Last-Modified"):
        assert answer[header]
    assert "Cookie" in answer["Vary"] and "Accept-Language" in answer["Vary"]
    # The reader's CSRF cookie is sent (renewed, or made when missing or malformed) as on the full path.
    assert answer.cookies["csrftoken"].value
    if cookies.get("csrftoken") == "a" * 32:
        assert answer.cookies["csrftoken"].value == "a" * 32


@pytest.mark.parametrize("page", ["standard", "tracking", "survey"])
def test_a_conditional_get_answers_304_alike_on_both_paths(pages, page, early):
    path = pages[page]
    cache.clear()
    etag = Client().get(path)["ETag"]
    answer = Client().get(path, HTTP_IF_NONE_MATCH=etag)
    hide_early_entries()
    full = Client().get(path, HTTP_IF_NONE_MATCH=etag)
    assert early == [False, True, False]
    early = answer
    assert early.status_code == full.status_code == 304
    assert early.content == full.content == b""
    assert headers(early) == headers(full)
    assert not early.cookies and not full.cookies


def test_the_early_tokens_are_the_readers_own_and_post(pages):
    client = Client(enforce_csrf_checks=True)
    client.get(pages["standard"])
    page = client.get(pages["standard"]).content.decode()  # early, with the reader's cookie
    token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[0]
    answer = client.post("/bahasa/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302


def elsewhere(key: str) -> None:
    """Raise a stamp as another process does: in the database, with no signal reaching this process."""
    ContentStamp.objects.filter(key=key).update(version=F("version") + 1, changed_at=timezone.now())


def test_a_change_made_elsewhere_is_seen_at_once(pages, early):
    """Another process changes the data and raises the stamp: nothing in this process's cache is told,
    yet the next answer shows the change, because the stamps are read from the database each time."""
    from warta.standards.models import ServiceValue

    client = Client()
    assert "15.000" not in client.get("/").content.decode()
    assert "15.000" not in client.get("/").content.decode()
    ServiceValue.objects.filter(key="fee").update(correction=15000)
    elsewhere("standards")
    assert "15.000" in client.get("/").content.decode()

    results = pages["survey"]
    assert "62,50" not in client.get(results).content.decode()
    assert "62,50" not in client.get(results).content.decode()
    Response.objects.bulk_create([_answer((1,) * 9)])
    elsewhere("survey")
    assert "62,50" in client.get(results).content.decode()  # (36 + 9) / 72 x 100
    assert early == [False, True, False, False, True, False]


def _answer(values):
    service = Service.objects.get(slug=SLUG)
    return Response(
        service=service,
        surveyed_on=dt.date(2026, 2, 4),
        submitted_at=timezone.now(),
        sex="P",
        age=34,
        education="D4-S1",
        occupation="PNS",
        **answers(*values),
    )


def test_a_tracked_request_that_moves_elsewhere_is_seen_at_once(office, open_request):
    path = tracking.tracking_path(open_request.number)
    client = Client()
    assert "Dibatalkan" not in client.get(path).content.decode()
    assert "Dibatalkan" not in client.get(path).content.decode()  # early
    # Another process cancels it (the row's updated_at moves; nothing here is told).
    PublicationRequest.objects.filter(pk=open_request.pk).update(status=Status.CANCELLED, updated_at=timezone.now())
    assert "Dibatalkan" in client.get(path).content.decode()


def test_each_signed_link_has_its_own_page_and_its_expiry_holds(office, open_request, published, settings):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, 30, tzinfo=dt.UTC), tick=False) as traveller:
        mine = tracking.tracking_path(published.number)
        other = tracking.tracking_path(open_request.number)
        client = Client()
        assert published.number in client.get(mine).content.decode()
        assert published.number in client.get(mine).content.decode()  # early
        text = client.get(other).content.decode()
        assert open_request.number in text and published.number not in text
        traveller.shift(dt.timedelta(days=89, hours=23))
        assert client.get(mine).status_code == 200
        traveller.shift(dt.timedelta(hours=2))
        expired = client.get(mine)
        assert expired.status_code == 404
        assert "kedaluwarsa" in expired.content.decode()
        # A shorter lifetime set later holds for a link cached before.
        traveller.shift(dt.timedelta(days=-90))
        other = tracking.tracking_path(open_request.number)
        assert client.get(other).status_code == 200
        settings.WARTA_TRACKING_LINK_DAYS = 1
        traveller.shift(dt.timedelta(days=2))
        assert client.get(other).status_code == 404


def test_an_open_requests_countdown_is_not_served_past_its_minute(office, open_request, django_assert_num_queries):
    path = tracking.tracking_path(open_request.number)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, 10, tzinfo=dt.UTC), tick=False) as traveller:
        client = Client()
        first = client.get(path)
        with django_assert_num_queries(1):
            assert client.get(path)["ETag"] == first["ETag"]
        traveller.shift(dt.timedelta(minutes=1))
        assert client.get(path)["ETag"] != first["ETag"]


def test_a_reader_with_a_session_never_gets_the_early_answer(pages, client, pimpinan, early):
    anonymous = Client()
    anonymous.get("/")
    assert 'action="/keluar/"' not in anonymous.get("/").content.decode()
    assert early == [False, True]
    client.force_login(pimpinan)
    assert 'action="/keluar/"' in client.get("/").content.decode()  # the signed-in page, its own
    assert early == [False, True]  # not even looked up


@pytest.mark.parametrize("header", [{"HTTP_HX_REQUEST": "true"}, {}])
def test_a_notice_waiting_a_post_or_htmx_take_the_full_path(pages, early, header):
    Client().get("/")
    reader = Client()
    if not header:
        reader.cookies["messages"] = "anything"
    assert reader.get("/", **header).status_code == 200
    Client().post("/", {})
    assert early == [False]


def test_the_readers_token_is_djangos_masked_secret():
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    token = pagecache.reader_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert len(secret) == 32 and len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret
    again = pagecache.reader_token(request)
    assert again != token and _unmask_cipher_token(again) == secret  # masked anew, same secret
    # Every character can come out, none favoured much (62 characters, 62,000 draws).
    drawn = pagecache._random_chars(62_000)
    counts = [drawn.count(char) for char in CSRF_ALLOWED_CHARS]
    assert min(counts) > 800 and max(counts) < 1200


def test_a_page_kept_for_ten_minutes_is_not_answered_early_past_them(office, early):
    """The transparency figures change with every request handled (no stamp): the early answer stops
    at the end of their ten-minute bucket."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, 5, tzinfo=dt.UTC), tick=False) as traveller:
        client = Client()
        first = client.get("/transparansi/2026/")
        assert first.status_code == 200
        assert client.get("/transparansi/2026/")["ETag"] == first["ETag"]
        traveller.shift(dt.timedelta(minutes=10))
        assert client.get("/transparansi/2026/")["ETag"] != first["ETag"]
    assert early == [False, True, False]
