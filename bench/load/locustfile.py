"""The office on a busy day, for `make load` (bin/load prepares the data and starts the servers).

- OPD operators sign in and submit through the portal form with an image, then look at their home
  page and the request they made;
- office staff take the chain through the API: pimpinan disposes, the division assigns, the staff
  member publishes with links (two people racing for one step get a 409, counted apart);
- citizens open the signed tracking link of a request, read the standard, and answer the SKM form.

Each simulated person has its own client address (X-Forwarded-For through the one trusted proxy
that WARTA_TRUSTED_PROXY_COUNT=1 declares), as they would behind the office's nginx.
The data file (LOAD_DATA) lists the users, their API tokens, signed tracking paths and the survey.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import random
import re
import threading
from html.parser import HTMLParser

import gevent
from locust import HttpUser, between, events, task

DATA = json.loads(open(os.environ["LOAD_DATA"]).read())  # noqa: SIM115
RESULTS = os.environ.get("LOAD_RESULTS", "")
_ips = itertools.count(1)
_lock = threading.Lock()
submitted: list[str] = []
conflicts = {"count": 0}


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 640), (20, 110, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


POSTER = _png()


class Forms(HTMLParser):
    """The POST forms of a page: for each, its action, its fields (name → value) and radio choices."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.current: dict | None = None
        self.select = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "select":
            self.select = a.get("name") or ""
        # The selected option, else the first one with a value (an operator's own organisation).
        if (
            tag == "option"
            and self.current is not None
            and self.select
            and ("selected" in a or not self.current["fields"].get(self.select))
        ):
            self.current["fields"][self.select] = a.get("value") or ""
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.current = {"action": a.get("action") or "", "fields": {}, "radios": {}}
            self.forms.append(self.current)
        elif self.current is not None and tag in ("input", "textarea", "select") and a.get("name"):
            kind = (a.get("type") or "").lower()
            if kind == "radio":
                self.current["radios"].setdefault(a["name"], []).append(a.get("value") or "")
            elif kind == "hidden":
                self.current["fields"][a["name"]] = a.get("value") or ""
            elif kind not in ("submit", "button", "file"):
                self.current["fields"].setdefault(a["name"], "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = ""


def parse_form(html: str, having: str) -> dict:
    """The POST form with a field whose name ends with `having` (the page's main form)."""
    parser = Forms()
    parser.feed(html)
    for form in parser.forms:
        if any(name.endswith(having) for name in [*form["fields"], *form["radios"]]):
            return form
    return {"action": "", "fields": {}, "radios": {}}


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self) -> None:
        n = next(_ips)
        self.client.headers["X-Forwarded-For"] = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        self.client.headers["Accept-Language"] = "id"


class Operator(Person):
    weight = 6

    def on_start(self) -> None:
        super().on_start()
        self.user = random.choice(DATA["operators"])
        page = self.client.get("/masuk/", name="/masuk/")
        fields = dict(parse_form(page.text, "password")["fields"])
        for name in fields:
            if name.endswith("username"):
                fields[name] = self.user
            elif name.endswith("password"):
                fields[name] = DATA["password"]
        self.client.post("/masuk/", data=fields, name="/masuk/ (POST)", headers={"Referer": self.host + "/masuk/"})

    @task(3)
    def submit_with_an_image(self) -> None:
        page = self.client.get("/permohonan/baru/", name="/permohonan/baru/")
        form = parse_form(page.text, "title")
        fields = {k: v for k, v in form["fields"].items() if not k.startswith(("media_", "caption_"))}
        n = random.randrange(10**9)
        fields.update(
            title=f"Kegiatan {n}",
            caption="Ayo ikuti kegiatan ini bersama keluarga.",
            platforms=["instagram", "facebook"],
            contact_name="Rina Operator",
            contact_phone="081234567890",
            contact_email="rina@example.go.id",
            alt_1="Poster kegiatan berlatar biru",
        )
        for name in list(fields):
            if name.startswith("confirm") or name.endswith("confirm_similar"):
                fields[name] = "on"
        with self.client.post(
            "/permohonan/baru/",
            data=fields,
            files={"media_1": (f"poster-{n}.png", POSTER, "image/png")},
            headers={"Referer": self.host + "/permohonan/baru/"},
            name="/permohonan/baru/ (POST)",
            catch_response=True,
        ) as response:
            match = re.search(r"PUB-\d{4}-\d{5}", response.text)
            if response.status_code != 200 or not match or "/diterima/" not in response.url:
                response.failure(f"no receipt (status {response.status_code})")
                return
            with _lock:
                submitted.append(match.group(0))
            self.last = match.group(0)

    @task(2)
    def home(self) -> None:
        self.client.get("/beranda/", name="/beranda/")

    @task(1)
    def own_request(self) -> None:
        number = getattr(self, "last", None)
        if number:
            self.client.get(f"/permohonan/{number}/", name="/permohonan/[number]/")


class Staff(Person):
    """One of the office's people acting through the API with their token."""

    weight = 3
    step = {
        "pimpinan": ("submitted", "dispose"),
        "division": ("at_division", "assign"),
        "staff": ("assigned", "publish"),
    }

    def on_start(self) -> None:
        super().on_start()
        self.who = random.choice(DATA["staff"])
        self.client.headers["Authorization"] = f"Bearer {self.who['token']}"

    @task
    def take_a_step(self) -> None:
        status, action = self.step[self.who["kind"]]
        listing = self.client.get(f"/api/v1/requests?status={status}&limit=20", name="/api/v1/requests?status")
        if listing.status_code != 200:
            return
        items = listing.json()["items"]
        if self.who["kind"] == "staff":
            items = [i for i in items if i.get("assignee", self.who["username"]) == self.who["username"]]
        if not items:
            return
        item = random.choice(items)
        body: dict = {"note": "Segera diproses."}
        if action == "assign":
            body = {"assignee": random.choice(DATA["assignees"]), "instruction": "Tayangkan hari ini."}
        elif action == "publish":
            links = DATA["post_links"]
            body = {
                "links": {p: links[p] + item["number"] for p in item["platforms"] if p in links},
                # YouTube and TikTok are posted by hand in this office's demo: say so.
                "not_published": {p: "Diunggah manual" for p in item["platforms"] if p not in links},
            }
        with self.client.post(
            f"/api/v1/requests/{item['number']}/actions/{action}",
            data=json.dumps(body),
            headers={"Content-Type": "application/json"},
            name=f"/api/v1/requests/[number]/actions/{action}",
            catch_response=True,
        ) as response:
            if response.status_code in (403, 409):
                # Another person took the step first, or it is not this staff member's request.
                with _lock:
                    conflicts["count"] += 1
                response.success()


class Citizen(Person):
    weight = 6

    @task(3)
    def tracking_link(self) -> None:
        self.client.get(random.choice(DATA["tracking_paths"]), name="/lacak/[token]/")

    @task(1)
    def the_standard(self) -> None:
        self.client.get("/", name="/")

    @task(2)
    def answer_the_survey(self) -> None:
        url = DATA["survey_path"]
        page = self.client.get(url, name="/skm/isi/[slug]/")
        form = parse_form(page.text, "age")
        fields = dict(form["fields"])
        for name, values in form["radios"].items():
            fields[name] = random.choice([v for v in values if v] or [""])
        fields.update(age=str(random.randint(20, 58)), suggestion="")
        for name in ("sex", "education", "occupation"):
            fields.pop(name, None)
        fields.update(sex=random.choice(["L", "P"]), education="SMA", occupation="PNS")
        fields.pop("website", None)  # the honeypot stays empty
        gevent.sleep(random.uniform(6, 12))  # reading and answering nine questions
        with self.client.post(
            url,
            data=fields,
            headers={"Referer": self.host + url},
            name="/skm/isi/[slug]/ (POST)",
            catch_response=True,
        ) as response:
            if "terima-kasih" not in response.url:
                response.failure(f"survey not accepted (status {response.status_code})")


@events.test_stop.add_listener
def _write_results(environment, **_kwargs) -> None:
    if RESULTS:
        with open(RESULTS, "w") as out:
            json.dump({"submitted": submitted, "conflicts": conflicts["count"]}, out)
