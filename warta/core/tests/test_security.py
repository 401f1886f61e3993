"""The browser side (CSP, Permissions-Policy, no inline code, idle sessions) and the limits behind a
proxy and across processes (the client address, the shared rate-limit cache)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client, RequestFactory

from warta.core.ratelimit import RateLimit, client_ip
from warta.desk.models import Status
from warta.desk.tests.test_api_support import TRACKING_CODE, make_request
from warta.standards.importer import import_standard
from warta.standards.tests.real_standard import REAL

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


# --- the client's address ------------------------------------------------------------------------


def _request(remote: str = "10.0.0.1", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("hops", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.1", None, "10.0.0.1"),
        (0, "10.0.0.1", "198.51.100.7", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "127.0.0.1", "198.51.100.7", "198.51.100.7"),
        (1, "127.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # a forged left-most entry loses
        (1, "127.0.0.1", "6.6.6.6,198.51.100.7 ", "198.51.100.7"),
        (2, "127.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.5", "198.51.100.7"),
        (1, "127.0.0.1", None, "127.0.0.1"),  # no header: the peer itself
        (1, "127.0.0.1", "not-an-address", "127.0.0.1"),
        (1, "127.0.0.1", "2001:db8::1", "2001:db8::1"),
        (2, "127.0.0.1", "198.51.100.7", "198.51.100.7"),  # fewer entries than proxies: the left-most
    ],
)
def test_client_ip_reads_only_the_trusted_hops(settings, hops, remote, forwarded, expected):
    settings.WARTA_TRUSTED_PROXY_COUNT = hops
    assert client_ip(_request(remote, forwarded)) == expected


TRACK = "/lacak/"


def _fail_tracking(client: Client, number: str, **extra) -> int:
    return client.post(TRACK, {"number": number, "code": "WRONG123"}, **extra).status_code


def test_without_a_trusted_proxy_a_spoofed_header_cannot_dodge_the_limit(client, office, org, settings):
    settings.WARTA_TRUSTED_PROXY_COUNT = 0
    req = make_request(org, Status.SUBMITTED)
    for i in range(10):
        assert _fail_tracking(client, req.number, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"1.1.1.{i}") == 404
    blocked = client.post(
        TRACK,
        {"number": req.number, "code": TRACKING_CODE},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="1.1.1.200",
    )
    assert blocked.status_code == 429


def test_behind_one_proxy_two_clients_have_their_own_buckets(client, office, org, settings):
    settings.WARTA_TRUSTED_PROXY_COUNT = 1
    req = make_request(org, Status.SUBMITTED)
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for i in range(10):
        # the stranger varies a forged left-most entry; nginx appends the real address
        forged = f"9.9.9.{i}, 198.51.100.1"
        assert _fail_tracking(client, req.number, HTTP_X_FORWARDED_FOR=forged, **proxy) == 404
    stranger = client.post(
        TRACK, {"number": req.number, "code": TRACKING_CODE}, HTTP_X_FORWARDED_FOR="198.51.100.2, 198.51.100.1", **proxy
    )
    assert stranger.status_code == 429  # naming another client on the left does not choose its bucket
    citizen = client.post(
        TRACK, {"number": req.number, "code": TRACKING_CODE}, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy
    )
    assert citizen.status_code == 200
    assert req.number in citizen.content.decode()


# --- rate limits shared by every process ---------------------------------------------------------

HIT_SCRIPT = """
import os, sys
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "warta.settings"
django.setup()
from django.core.management import call_command
from django.test import RequestFactory
from warta.core.ratelimit import RateLimit
call_command("migrate", "core", verbosity=0)
limit = RateLimit("shared-between-processes", limit=5, seconds=600)
request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.50")
counts = [limit.hit(request) for _ in range(int(sys.argv[1]))]
print(",".join(map(str, counts)), limit.exceeded(request))
"""


def _process_hits(tmp_path: Path, times: int) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("WARTA_", "DATABASE_URL", "DJANGO_SETTINGS", "PYTEST", "REDIS_URL"))
    }
    env.update({"WARTA_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}"})
    result = subprocess.run(
        [sys.executable, "-c", HIT_SCRIPT, str(times)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_two_processes_count_into_the_same_window(tmp_path):
    """Two processes with their own cache connections (the settings' default: the database table)."""
    assert _process_hits(tmp_path, 3) == "1,2,3 False"
    assert _process_hits(tmp_path, 2) == "4,5 True"


def test_the_limits_use_their_own_shared_cache_alias():
    config = django_settings.CACHES["ratelimit"]
    assert config["BACKEND"] in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }


def test_the_window_does_not_slide_with_each_hit(rf):
    limit = RateLimit("fixed-window", limit=3, seconds=600)
    request = rf.post("/", REMOTE_ADDR="203.0.113.60")
    with time_machine.travel(dt.datetime(2026, 5, 4, 2, 0, tzinfo=dt.UTC), tick=False) as traveller:
        assert limit.hit(request) == 1
        traveller.shift(500)
        assert limit.hit(request) == 2
        traveller.shift(101)  # 601 s after the first hit: a new window
        assert limit.hit(request) == 1
        assert not limit.exceeded(request)


def test_ended_windows_are_forgotten_by_the_timer(rf):
    from warta.core import periodic
    from warta.core.models import RateCounter

    limit = RateLimit("pruned", limit=3, seconds=600)
    with time_machine.travel(dt.datetime(2026, 5, 4, 2, 0, tzinfo=dt.UTC), tick=False) as traveller:
        limit.hit(rf.post("/", REMOTE_ADDR="203.0.113.61"))
        traveller.shift(3600)
        limit.hit(rf.post("/", REMOTE_ADDR="203.0.113.62"))
        traveller.shift(3000)  # the first window ended 100 minutes ago, the second 40 minutes from now
        assert "core.prune_rate_counters" in periodic.run_due()
    assert [key.rsplit(":", 1)[-1] for key in RateCounter.objects.values_list("key", flat=True)] == ["203.0.113.62"]


# --- CSP, Permissions-Policy and no inline code on any page --------------------------------------

INLINE_ATTR = re.compile(r"^on[a-z]+$")
SKIP = re.compile(
    r"^/(keluar|admin|api|static|media|bahasa)/|\.(pdf|xlsx|csv|svg|zip)$|/(pdf|xlsx|csv)/|/dua-langkah/qr/"
)


class PageAudit(HTMLParser):
    """Collects inline scripts, <style> elements, style="" and on…="" attributes, and the links."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and not names.get("src"):
            self.problems.append("inline <script>")
        if tag == "a" and names.get("href"):
            self.links.append(names["href"] or "")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f'style="{value}" on <{tag}>')
            if INLINE_ATTR.match(name):
                self.problems.append(f"{name}= on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")


def crawl(client: Client, start: list[str], limit: int = 80) -> dict[str, list[str]]:
    """Every same-site page reachable in two clicks from `start`: its problems, by path."""
    seen: dict[str, list[str]] = {}
    frontier = list(start)
    for _depth in range(3):
        following: list[str] = []
        for path in frontier:
            if path in seen or len(seen) >= limit or SKIP.search(path):
                continue
            response = client.get(path)
            if response.status_code in (301, 302):
                continue
            problems: list[str] = []
            policy = response.headers.get("Content-Security-Policy", "")
            if "script-src 'self'" not in policy or "style-src 'self'" not in policy or "unsafe-inline" in policy:
                problems.append(f"Content-Security-Policy: {policy!r}")
            if "camera=()" not in response.headers.get("Permissions-Policy", ""):
                problems.append("no Permissions-Policy")
            if response.headers.get("Content-Type", "").startswith("text/html"):
                audit = PageAudit()
                audit.feed(response.content.decode())
                problems += audit.problems
                for href in audit.links:
                    target = urldefrag(href)[0]
                    parts = urlsplit(target)
                    if not parts.netloc and parts.path.startswith("/"):
                        following.append(parts.path + (f"?{parts.query}" if parts.query else ""))
            seen[path] = problems
        frontier = following
    return seen


@pytest.fixture
def site(office, org, pemohon, pimpinan, kabid, fungsional, staf, admin_user):
    import_standard(REAL.read_text(encoding="utf-8"), file_name=REAL.name)
    make_request(org, Status.SUBMITTED, created_by=pemohon)
    make_request(org, Status.ASSIGNED, assignee=staf, created_by=pemohon)
    make_request(org, Status.PUBLISHED, assignee=staf, created_by=pemohon)
    return {"pemohon": pemohon, "pimpinan": pimpinan, "kabid": kabid, "fungsional": fungsional, "staf": staf}


def _assert_clean(pages: dict[str, list[str]], minimum: int) -> None:
    assert len(pages) >= minimum, sorted(pages)
    dirty = {path: problems for path, problems in pages.items() if problems}
    assert not dirty


def test_public_pages_carry_the_policies_and_no_inline_code(client, site):
    pages = crawl(client, ["/", "/lacak/", "/masuk/", "/akun/lupa-sandi/", "/skm/"])
    _assert_clean(pages, 6)
    assert any(path.startswith("/standar") or path == "/" for path in pages)


@pytest.mark.parametrize("role", ["pemohon", "pimpinan", "kabid", "fungsional", "staf"])
def test_each_roles_pages_carry_the_policies_and_no_inline_code(login, site, role):
    pages = crawl(login(site[role]), ["/beranda/", "/akun/dua-langkah/"])
    _assert_clean(pages, 4)


def test_admin_pages_carry_the_policies_and_no_inline_code(login, site, admin_user):
    client = login(admin_user)
    pages = crawl(client, ["/beranda/", "/akun/undang/", "/kalender/2026/", "/akun/dua-langkah/"])
    _assert_clean(pages, 4)


def test_the_disposition_sheet_has_no_inline_code(login, site, kabid):
    from warta.desk.models import PublicationRequest

    number = PublicationRequest.objects.filter(status=Status.ASSIGNED).values_list("number", flat=True).first()
    pages = crawl(login(kabid), [f"/permohonan/{number}/disposisi/"], limit=1)
    _assert_clean(pages, 1)
    html = login(kabid).get(f"/permohonan/{number}/disposisi/").content.decode()
    assert "data-print" in html and "warta/print.js" in html


def test_the_standard_page_renders_list_styles_as_classes(client, site):
    html = client.get("/").content.decode()
    assert 'class="list-none"' in html
    assert "list-style-type" not in html


def test_htmx_is_told_not_to_inject_its_styles(client, office):
    html = client.get("/masuk/").content.decode()
    assert "&quot;includeIndicatorStyles&quot;: false" in html or '"includeIndicatorStyles": false' in html


# --- idle sessions -------------------------------------------------------------------------------


def test_an_idle_session_ends_after_the_configured_hours(login, pemohon, office):
    assert django_settings.SESSION_COOKIE_AGE == 9 * 60 * 60  # WARTA_SESSION_IDLE_HOURS' default
    with time_machine.travel(dt.datetime(2026, 5, 4, 1, 0, tzinfo=dt.UTC), tick=False) as traveller:
        client = login(pemohon)
        assert client.get("/beranda/").status_code == 200
        traveller.shift(dt.timedelta(hours=8, minutes=50))
        assert client.get("/beranda/").status_code == 200  # in use: the clock starts again
        traveller.shift(dt.timedelta(hours=8, minutes=50))
        assert client.get("/beranda/").status_code == 200
        traveller.shift(dt.timedelta(hours=9, minutes=1))  # idle longer than 9 hours
        response = client.get("/beranda/")
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_a_busy_session_is_not_written_on_every_request(login, pemohon, office):
    with time_machine.travel(dt.datetime(2026, 5, 4, 1, 0, tzinfo=dt.UTC), tick=False) as traveller:
        client = login(pemohon)
        first = client.get("/beranda/")
        assert settings_cookie(first)  # renewed on first use
        traveller.shift(60)
        assert not settings_cookie(client.get("/beranda/"))  # a minute later: no new cookie, no write
        traveller.shift(5 * 60)
        assert settings_cookie(client.get("/beranda/"))


def settings_cookie(response) -> bool:
    return django_settings.SESSION_COOKIE_NAME in response.cookies


def test_the_idle_hours_come_from_the_environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WARTA_", "DJANGO_SETTINGS"))}
    env.update({"WARTA_SESSION_IDLE_HOURS": "2", "WARTA_VAR_DIR": str(tmp_path)})
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import os, django; os.environ['DJANGO_SETTINGS_MODULE']='warta.settings'; django.setup(); {code}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["7200"]


def test_a_sign_in_without_an_address_is_logged_with_none_not_a_word(db, make_user):
    """A sign-in made in code (no REMOTE_ADDR) must not write "unknown" into axes' IP column:
    PostgreSQL refuses it and the sign-in fails with a 500."""
    from axes.models import AccessLog
    from django.http import HttpRequest

    from warta.core.ratelimit import address_or_none

    assert address_or_none(HttpRequest()) is None
    assert address_or_none(_request("10.0.0.7", "")) == "10.0.0.7"
    user = make_user("staf.tanpa.alamat", "staf_ikp")
    from django.test import Client

    Client().force_login(user)
    assert AccessLog.objects.filter(username="staf.tanpa.alamat").values_list("ip_address", flat=True).first() is None
