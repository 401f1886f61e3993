"""Every page fits a 360 px phone: each role's pages as its menu lists them (warta.core.nav, so a
new page is walked as soon as it is registered), a request page of each role, and the public pages
reached from the home page. On each: no sideways scroll, and the page's primary action lies within
the screen's width. The request page of each role is photographed on a desktop and a phone under
test-artifacts/screenshots/."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from warta.core.nav import links_for
from warta.desk import tracking
from warta.desk.tests.test_api_support import submitted
from warta.desk.transitions import perform
from warta.standards.importer import import_standard
from warta.standards.tests.real_standard import REAL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAS = ["pemohon", "pimpinan", "kabid", "fungsional", "staf", "pengelola", "tim", "admin_user"]
# The request each role opens (pengelola and tim see no requests: the desk is not theirs).
REQUEST_OF = {
    "pemohon": "assigned",
    "pimpinan": "submitted",
    "kabid": "at_division",
    "fungsional": "at_division",
    "staf": "assigned",
    "admin_user": "published",
}
# Not walked: Django's admin and the API documentation are not ours to lay out.
EXCLUDED_PREFIXES = ("/admin/", "/api/")
# The primary action of a page, in order of preference: a request's first action, the page's main
# button, its first submit button, else its title.
PRIMARY = (
    "main .req-actions summary",
    "main .btn.primary",
    "main button[type=submit]:not(.linklike)",
    "main h1",
)
LONG_TITLE = "Sosialisasi Pencegahan Demam Berdarah Dengue (DBD) di Seluruh Kecamatan Kabupaten Purbalingga 2026"
INSTRUCTION = (
    "Gunakan templat feed resmi, cantumkan logo Dinkes dan tagar #PurbalinggaSehat, "
    "tayangkan sebelum pukul 11.00: https://drive.example.go.id/folder/materi-dbd-2026-final-revisi-3"
)
LINKS = {
    "instagram": "https://www.instagram.com/p/DEmoPanjangSekali2026AbCdEfGhIjKlMnOpQrStUvWxYz/",
    "facebook": "https://www.facebook.com/dinkominfopbg/posts/pfbid0PanjangSekaliTanpaSpasi2026AbCdEfGh",
}

OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : '') +
        ' right=' + Math.round(box.right));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide: wide.slice(0, 8)};
}"""


def build_desk(pemohon, pimpinan, kabid, staf, org):
    """One request at each step the roles open, moved through the real transitions."""
    import_standard(REAL.read_text(encoding="utf-8"), file_name=REAL.name)
    fields = {"title": LONG_TITLE, "platforms": ["instagram", "facebook"]}
    requests = {"submitted": submitted(pemohon, org, **fields)}
    requests["at_division"] = submitted(pemohon, org, **fields)
    perform(requests["at_division"], "dispose", pimpinan, {"note": "Segera."})
    for name in ("assigned", "published"):
        req = submitted(pemohon, org, **fields)
        perform(req, "dispose", pimpinan, {"note": "Segera."})
        perform(req, "assign", kabid, {"assignee": staf.username, "instruction": INSTRUCTION})
        requests[name] = req
    perform(requests["published"], "publish", staf, {"links": LINKS})
    return requests


def fits(page, url: str, *, only_html: bool = False) -> bool:
    """Open `url` and check that nothing scrolls sideways and the primary action is within reach.

    With `only_html`, a file (a PDF, an image) is skipped: False."""
    response = page.goto(page.base_url + url)
    assert response is not None and response.ok, (url, response and response.status)
    if only_html and not response.headers.get("content-type", "").startswith("text/html"):
        return False
    page.wait_for_load_state()
    layout = page.evaluate(OVERFLOW_JS)
    assert layout["scrollWidth"] <= layout["innerWidth"], (url, layout)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url
    for selector in PRIMARY:
        target = page.locator(selector).first
        if target.count() and target.is_visible():
            break
    else:
        pytest.fail(f"{url}: no primary action or title")
    box = target.bounding_box()
    assert box is not None, (url, selector)
    assert box["x"] >= 0 and box["x"] + box["width"] <= layout["innerWidth"], (url, selector, box)
    return True


def menu_hrefs(page) -> list[str]:
    return page.locator("header.site nav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_roles_pages_fit_a_phone(
    persona, request, phone_page, page, browser_login, screenshot, office, org, pemohon, pimpinan, kabid, fungsional,
    staf, pengelola, tim, admin_user,
):  # fmt: skip
    requests = build_desk(pemohon, pimpinan, kabid, staf, org)
    user = request.getfixturevalue(persona)
    browser_login(phone_page, user.username)
    assert "/masuk/" not in phone_page.url, f"login as {user.username} failed"

    # The menu on the page is the registered one, and every page in it is walked.
    expected = [link.href for link in links_for(user)]
    assert menu_hrefs(phone_page) == expected
    walked = [href for href in expected if not href.startswith(EXCLUDED_PREFIXES)]
    assert walked, persona
    for href in walked:
        fits(phone_page, href)
    # On a phone the menu folds behind its button, and opens with a tap.
    phone_page.goto(phone_page.base_url + "/beranda/")
    screenshot(phone_page, f"screenshots/home-{persona}-phone")
    first = phone_page.locator("header.site nav a").first
    assert not first.is_visible()
    phone_page.get_by_role("button", name="Menu").click()
    assert first.is_visible()
    assert phone_page.get_by_role("button", name="Menu").get_attribute("aria-expanded") == "true"
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    step = REQUEST_OF.get(persona)
    if step is None:
        return
    req = requests[step]
    fits(phone_page, req.get_absolute_url())
    screenshot(phone_page, f"screenshots/request-{persona}-phone")
    # The actions sit right under the title: the first one shows on the first screen.
    actions = phone_page.locator("main .req-actions summary")
    if actions.count():
        box = actions.first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 740, (persona, box)
    if persona == "staf":
        instruction = phone_page.locator(".instruction")
        assert "Arahan untuk Anda" in instruction.inner_text()
        assert instruction.bounding_box()["y"] < phone_page.locator("main .req-actions").bounding_box()["y"]

    browser_login(page, user.username)
    page.goto(page.base_url + req.get_absolute_url())
    page.get_by_role("heading", name=LONG_TITLE).wait_for()
    screenshot(page, f"screenshots/request-{persona}-desktop")


def public_links(page) -> list[str]:
    hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # another site, mailto:, tel:, or an anchor
        if parts.path.startswith(EXCLUDED_PREFIXES) or parts.path.endswith((".pdf", ".svg", ".xlsx", ".ico")):
            continue
        found.append(parts.path)
    return found


def test_public_pages_fit_a_phone(phone_page, screenshot, office, org, pemohon, pimpinan, kabid, staf):
    requests = build_desk(pemohon, pimpinan, kabid, staf, org)
    # The public pages: the home page and every page it links to, one step further, and the
    # tracking page of a request as its contact opens it from the receipt e-mail.
    to_visit = ["/"]
    seen: set[str] = set()
    while to_visit and len(seen) < 40:
        path = to_visit.pop(0)
        if path in seen:
            continue
        seen.add(path)
        if not fits(phone_page, path, only_html=True):
            continue
        if phone_page.url.startswith(phone_page.base_url + "/masuk/") and path != "/masuk/":
            continue  # a page for signed-in users sent us to the login page, walked on its own
        if path.count("/") <= 3:
            to_visit += [href for href in public_links(phone_page) if href not in seen]
    assert {"/", "/lacak/", "/masuk/", "/skm/"} <= seen, seen
    signed = tracking.tracking_path(requests["published"].number)
    fits(phone_page, signed)
    screenshot(phone_page, "screenshots/public-tracking-phone")
    fits(phone_page, "/")
    # The procedure's steps are numbered.
    steps = phone_page.locator(".standard-body ol > li")
    assert steps.count() >= 4
    assert steps.first.evaluate("li => getComputedStyle(li).listStyleType") == "decimal"
    screenshot(phone_page, "screenshots/public-home-phone")


def evaluation_records(kabid, pimpinan, staf) -> None:
    """A meeting with a long decision and a proposed reprimand, so their pages are linked and walked."""
    import datetime as dt

    from django.utils import timezone

    from warta.evaluation.models import Decision, Meeting, Sanction

    today = timezone.localdate()
    meeting = Meeting.objects.create(
        month=today.replace(day=1), held_on=today, chair=pimpinan, agenda=INSTRUCTION, created_by=kabid
    )
    Decision.objects.create(meeting=meeting, text=INSTRUCTION, owner=staf, due_on=today + dt.timedelta(days=7))
    Sanction.objects.create(
        person=staf, level="teguran_lisan", reason=INSTRUCTION, proposed_by=kabid, proposed_at=timezone.now()
    )


@pytest.mark.parametrize("persona", ["kabid", "pimpinan"])
def test_pages_one_step_from_the_menu_fit_a_phone(
    persona, request, phone_page, browser_login, office, org, pemohon, pimpinan, kabid, staf
):
    """The pages the menu's pages link to (a month's pack, a form for a new record, a person's record…),
    which the menu alone does not reach: one step deep, at most 60 pages."""
    build_desk(pemohon, pimpinan, kabid, staf, org)
    evaluation_records(kabid, pimpinan, staf)
    user = request.getfixturevalue(persona)
    browser_login(phone_page, user.username)
    menu = [href for href in (link.href for link in links_for(user)) if not href.startswith(EXCLUDED_PREFIXES)]
    seen = set(menu)
    found: list[str] = []
    for href in menu:
        phone_page.goto(phone_page.base_url + href)
        for path in public_links(phone_page):
            if path not in seen and not path.startswith(("/keluar/", "/unduhan/")):
                seen.add(path)
                found.append(path)
    assert found, persona
    walked = [path for path in found[:60] if fits(phone_page, path, only_html=True)]
    assert walked, persona
