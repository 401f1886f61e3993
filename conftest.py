"""Shared test fixtures: the office, organisations and one persona per role."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from warta.accounts import roles
from warta.accounts.models import ApiToken, Organization, User
from warta.core.models import OfficeProfile

ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"
CHROMIUM = os.environ.get("WARTA_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    """Transactional tests (the browser's live server) start from the data the migrations made.

    Their flush empties every table, roles, calendars and policies included; with serialized rollback
    each such test reloads that data first, so no test depends on running before another one.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction"))
        if transactional or "live_server" in getattr(item, "fixturenames", ()):
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


_MIGRATED_DATA: dict[str, str] = {}


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames


@pytest.fixture(autouse=True)
def _restore_migrated_data(request):
    """Keeps serialized rollback working: the live server's start drops the copy of the migrations'
    data that Django keeps on the connection, and every later transactional test would start from
    empty tables (no roles, no office hours). Keep our own copy and put it back when it went missing."""
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        _MIGRATED_DATA.setdefault(connection.alias, contents)
    if _is_transactional(request):
        request.getfixturevalue("_django_db_helper")  # after pytest-django has set the database up
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            _MIGRATED_DATA.setdefault(connection.alias, contents)
        elif connection.alias in _MIGRATED_DATA:
            from django.db import IntegrityError, transaction

            connection._test_serialized_contents = _MIGRATED_DATA[connection.alias]  # type: ignore[attr-defined]
            try:
                with transaction.atomic():
                    connection.creation.deserialize_db_from_string(_MIGRATED_DATA[connection.alias])
            except IntegrityError:
                pass  # the tables were not flushed yet: the data is there
    yield


@pytest.fixture(autouse=True)
def _clear_cache(request, django_db_blocker):
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
    # The rate limits live in a database table that a transactional test's flush does not empty.
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        from warta.core.ratelimit import limits_cache

        with django_db_blocker.unblock():
            limits_cache().clear()


@pytest.fixture(autouse=True)
def _migrated_rows_after_a_flush(request):
    """A live-server (transactional) test empties the database when it ends, and with it the rows
    that migrations made (the roles, the office hours, the complaint categories). Put them back before each such test, so the
    order the tests run in does not matter (serialized_rollback clashes with the content types that
    a flush makes again)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    if not transactional:
        return
    import importlib

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    importlib.import_module("warta.accounts.migrations.0002_roles").create_groups(apps, None)
    importlib.import_module("warta.clock.migrations.0002_default_hours").add_default_hours(apps, None)
    importlib.import_module("warta.complaints.migrations.0002_starting_categories").add(apps, None)


@pytest.fixture
def office(db) -> OfficeProfile:
    office = OfficeProfile(
        name="Dinas Komunikasi dan Informatika",
        short_name="Dinkominfo",
        government="Pemerintah Kabupaten Purbalingga",
        regency="Purbalingga",
        address="Jl. Jenderal Sudirman No. 1, Purbalingga",
        phone="(0281) 8902091",
        email="dinkominfo@purbalinggakab.go.id",
    )
    office.save()
    return office


@pytest.fixture
def org(db) -> Organization:
    return Organization.objects.create(code="dinkes", name="Dinas Kesehatan", kind="dinas")


@pytest.fixture
def upt(org) -> Organization:
    return Organization.objects.create(code="pkm-bojongsari", name="Puskesmas Bojongsari", kind="upt", parent=org)


@pytest.fixture
def other_org(db) -> Organization:
    return Organization.objects.create(code="dindik", name="Dinas Pendidikan", kind="dinas")


@pytest.fixture
def make_user(db):
    def make(username: str, *role_names: str, organization: Organization | None = None, **extra) -> User:
        user = User.objects.create_user(
            username=username,
            password="sandi-rahasia-123",
            email=extra.pop("email", f"{username}@example.go.id"),
            first_name=extra.pop("first_name", username.replace("_", " ").title()),
            organization=organization,
            **extra,
        )
        # The roles come from a data migration; a transactional test's flush removes them for the next.
        user.groups.set([Group.objects.get_or_create(name=name)[0] for name in role_names])
        return user

    return make


@pytest.fixture
def pemohon(make_user, org) -> User:
    return make_user("op_dinkes", roles.PEMOHON, organization=org)


@pytest.fixture
def pemohon_upt(make_user, upt) -> User:
    return make_user("op_puskesmas", roles.PEMOHON, organization=upt)


@pytest.fixture
def pemohon_other(make_user, other_org) -> User:
    return make_user("op_dindik", roles.PEMOHON, organization=other_org)


@pytest.fixture
def pimpinan(make_user) -> User:
    return make_user("kadis", roles.PIMPINAN, first_name="Kepala Dinas")


@pytest.fixture
def kabid(make_user) -> User:
    return make_user("kabid", roles.KABID_IKP, first_name="Kabid IKP")


@pytest.fixture
def fungsional(make_user) -> User:
    return make_user("pranata", roles.FUNGSIONAL_IKP, first_name="Pranata Humas")


@pytest.fixture
def staf(make_user) -> User:
    return make_user("staf", roles.STAF_IKP, first_name="Staf Satu")


@pytest.fixture
def staf2(make_user) -> User:
    return make_user("staf2", roles.STAF_IKP, first_name="Staf Dua")


@pytest.fixture
def pengelola(make_user) -> User:
    return make_user("pengelola", roles.PENGELOLA_PENGADUAN)


@pytest.fixture
def tim(make_user) -> User:
    return make_user("tim", roles.TIM_PENGADUAN)


@pytest.fixture
def admin_user(make_user) -> User:
    return make_user("admin", roles.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def login():
    """`login(user)` gives a test client logged in as that user."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client():
    """`api_client(user)` gives a client that sends the user's bearer token; `api_client()` none."""

    def make(user: User | None = None) -> Client:
        if user is None:
            return Client()
        _token, raw = ApiToken.issue(user, name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make


# --- Browser tests (Playwright driving Debian's Chromium) -------------------------------------


def _chromium_missing_reason() -> str | None:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _chromium_missing_reason()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Browser tests cannot run under CI: {reason}")
        pytest.skip(f"Browser tests skipped: {reason}")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """`screenshot(page, "name")` saves a PNG under test-artifacts/ ("folder/name": in a subfolder)
    and returns its path."""

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def browser_login():
    """`browser_login(page, username)` signs in through the real login form."""

    def sign_in(page, username: str, password: str = "sandi-rahasia-123") -> None:
        page.goto(page.base_url + "/masuk/")  # type: ignore[attr-defined]
        # The two-step login's first step (its fields are prefixed "auth-").
        field = page.locator("form[data-signin] input[name$=username]")
        signed_in = page.locator("form[action$='/keluar/'] button[type=submit]")
        if field.count() == 0 and signed_in.count():
            # Still signed in (a late response can set the cookie again after clear_cookies()): sign out.
            signed_in.first.click()
            page.wait_for_load_state()
            page.goto(page.base_url + "/masuk/")  # type: ignore[attr-defined]
        if field.count() == 0:
            text = " ".join(page.inner_text("body").split())[:500] if page.locator("body").count() else ""
            raise AssertionError(f"no login form at {page.url}: {text!r}")
        page.fill("form[data-signin] input[name$=username]", username)
        page.fill("form[data-signin] input[name$=password]", password)
        page.click("form[data-signin] button[type=submit]")
        page.wait_for_load_state()

    return sign_in


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Every test starts on the in-process queue: a test that switched the queue and left it behind
    would make later tests' mail and tasks silently wait in a queue no one works."""
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    assert backend.endswith("ImmediateBackend"), f"a previous test left TASKS on {backend}"


def pytest_sessionfinish(session, exitstatus):
    """The media folder that warta.test_settings made for this process goes with it."""
    from django.conf import settings

    media = Path(str(getattr(settings, "MEDIA_ROOT", "")))
    if media.name.startswith("warta-test-media-"):
        shutil.rmtree(media, ignore_errors=True)
