"""The site menu (warta.core.nav): each role sees exactly its pages, every one of which opens."""

from __future__ import annotations

import pytest

from warta.core.nav import links_for

pytestmark = pytest.mark.django_db

# Written independently of the registrations: a change to who sees what must fail here.
EXPECTED = {
    "pemohon": ["home", "request-create", "tracking"],
    "pimpinan": [
        "home",
        "inbox",
        "request-log",
        "todos",
        "content-calendar",
        "standing-dispositions",
        "breach-register",
        "evaluation-dashboard",
        "evaluation-meetings",
        "evaluation-sanctions",
        "evaluation-staff",
        "evaluation-staffing",
        "survey-manage",
        "tracking",
    ],
    "kabid": [
        "home",
        "inbox",
        "request-log",
        "todos",
        "content-calendar",
        "breach-register",
        "evaluation-dashboard",
        "evaluation-meetings",
        "evaluation-sanctions",
        "evaluation-staff",
        "evaluation-staffing",
        "survey-manage",
        "social-accounts",
        "tracking",
    ],
    "fungsional": [
        "home",
        "inbox",
        "request-log",
        "todos",
        "content-calendar",
        "evaluation-dashboard",
        "evaluation-meetings",
        "evaluation-my-record",
        "evaluation-staffing",
        "survey-manage",
        "tracking",
    ],
    "staf": [
        "home",
        "inbox",
        "request-log",
        "todos",
        "content-calendar",
        "evaluation-my-record",
        "survey-manage",
        "tracking",
    ],
    "pengelola": ["home", "inbox", "todos", "complaint-list", "breach-register", "evaluation-my-record", "tracking"],
    "tim": ["home", "todos", "complaint-list", "evaluation-my-record", "tracking"],
    "admin_user": [
        "home",
        "inbox",
        "todos",
        "content-calendar",
        "complaint-list",
        "breach-register",
        "evaluation-dashboard",
        "evaluation-meetings",
        "evaluation-sanctions",
        "evaluation-staff",
        "evaluation-staffing",
        "survey-manage",
        "calendar-year",
        "social-accounts",
        "invite",
        "admin",
        "tracking",
    ],
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_role_sees_its_pages_and_each_opens(persona, request, login, office):
    user = request.getfixturevalue(persona)
    links = links_for(user)
    assert [link.key for link in links] == EXPECTED[persona]
    client = login(user)
    for link in links:
        response = client.get(link.href)
        assert response.status_code == 200, (link.key, link.href, response.status_code)


def test_the_menu_is_rendered_in_the_header(login, office, kabid):
    text = login(kabid).get("/beranda/").content.decode()
    nav = text.split('<nav id="site-menu" aria-label="Menu utama">', 1)[1].split("</nav>", 1)[0]
    assert 'href="/pelanggaran/"' in nav and ">Pelanggaran<" in nav
    assert 'href="/beranda/" aria-current="page"' in nav
    assert 'href="/disposisi-tetap/"' not in nav


def test_an_anonymous_visitor_has_no_menu_of_pages(client, office):
    from django.contrib.auth.models import AnonymousUser

    assert links_for(AnonymousUser()) == []
    text = client.get("/").content.decode()
    assert 'href="/beranda/"' not in text
