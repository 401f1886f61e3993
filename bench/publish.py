"""Benchmark of publishing through Warta (issue 9 §5): a real task worker (`manage.py db_worker`)
posting against the local fake platforms, which answer at once, so the figures are Warta's own
overhead. On a temporary SQLite database:

    .venv/bin/python bench/publish.py [--requests 100] [--single 5]

1. the time from the `post` move to the request's `published` for one request to Instagram,
   Facebook and X (goal under 2 s), several times in a row;
2. 100 requests posted at once: all published, none twice (each platform holds one post per request).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from warta.social.testing import FakePlatforms  # needs no Django

PLATFORMS = ["instagram", "facebook", "x"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--single", type=int, default=5)
    parser.add_argument("--interval", type=float, default=0.05, help="the worker's polling interval (s)")
    args = parser.parse_args()
    with FakePlatforms() as fake:
        fake.quota_total = 10_000  # Instagram's daily quota is not what is measured
        os.environ.update(
            WARTA_TASKS_BACKEND="db",
            WARTA_META_GRAPH_URL=fake.url,
            WARTA_X_API_URL=fake.url,
            WARTA_SOCIAL_POLL_S="1",
        )
        from _setup import setup

        setup("publish")
        run(fake, args)


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1080, 1080), (20, 110, 160)).save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def run(fake, args) -> None:
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.db import transaction

    from warta.accounts import roles
    from warta.accounts.models import Organization, User
    from warta.desk import transitions
    from warta.desk.models import Attachment, PublicationRequest
    from warta.desk.tests.test_api_support import make_request
    from warta.social.models import Account, Post

    call_command("migrate", verbosity=0, interactive=False)
    org = Organization.objects.create(code="dinkes", name="Dinas Kesehatan", kind="dinas")
    staf = User.objects.create_user(username="staf", password="sandi-rahasia-123", first_name="Staf Satu")
    staf.groups.set([Group.objects.get_or_create(name=roles.STAF_IKP)[0]])
    for platform, account_id in (("instagram", fake.ig_user_id), ("facebook", fake.page_id), ("x", fake.x_user_id)):
        Account.objects.create(platform=platform, account_id=account_id, handle=fake.x_handle, access_token=fake.token)
    poster = _jpeg()

    def new_request(i: int) -> PublicationRequest:
        req = make_request(
            org, "assigned", assignee=staf, platforms=PLATFORMS, caption=f"Ayo imunisasi, seri {i} (bench)."
        )
        attachment = Attachment(request=req, content_type="image/jpeg", size=len(poster), alt_text="Poster")
        attachment.file.save("poster.jpg", ContentFile(poster), save=False)
        attachment.save()
        return req

    def post(req: PublicationRequest) -> None:
        with transaction.atomic():
            transitions.perform(req, "post", staf, {})

    def published(numbers: list[str]) -> int:
        return PublicationRequest.objects.filter(number__in=numbers, status="published").count()

    log = open(Path(os.environ["WARTA_VAR_DIR"]).parent / "worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            str(args.interval),
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=log,  # a file: a pipe nobody reads fills up and stops the worker
    )
    try:
        warm = new_request(0)  # the worker's first task loads its code
        post(warm)
        _wait(lambda: published([warm.number]) == 1, 60)

        singles = []
        for i in range(args.single):
            req = new_request(1 + i)
            began = time.perf_counter()
            post(req)
            _wait(lambda req=req: published([req.number]) == 1, 60)
            singles.append(time.perf_counter() - began)
        print(
            f"post → published, three platforms, one request at a time ({args.single} runs): "
            f"{statistics.median(singles):.2f} s median, {min(singles):.2f} s best, {max(singles):.2f} s worst; "
            "goal < 2 s"
        )

        batch = [new_request(1000 + i) for i in range(args.requests)]
        numbers = [r.number for r in batch]
        before = {p: _count(fake, p) for p in PLATFORMS}
        began = time.perf_counter()
        for req in batch:
            post(req)
        queued = time.perf_counter() - began
        finished = _wait(lambda: published(numbers) == len(numbers), 600)
        took = time.perf_counter() - began
        done = published(numbers)
        made = {p: _count(fake, p) - before[p] for p in PLATFORMS}
        states = Post.objects.filter(subject__in=numbers).values_list("state", flat=True)
        twice = _duplicates(fake)
        print(
            f"{args.requests} requests posted at once: {done}/{len(numbers)} published in {took:.1f} s "
            f"({queued:.1f} s to take the {args.requests} moves; {len(numbers) * 3 / took:.1f} posts/s); "
            f"posts made: " + ", ".join(f"{p}={n}" for p, n in made.items()) + f"; posted twice: {twice}"
        )
        assert finished and done == len(numbers), "not every request was published"
        assert all(n == args.requests for n in made.values()), made
        assert set(states) == {"published"} and twice == 0
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()


def _wait(condition, seconds: float) -> bool:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def _count(fake, platform: str) -> int:
    return len({"instagram": fake.ig_media, "facebook": fake.fb_posts, "x": fake.x_posts}[platform])


def _duplicates(fake) -> int:
    """Posts with the same text on one platform (each request's caption is its own)."""
    twice = 0
    for texts in (
        [m["caption"] for m in fake.ig_media.values()],
        [p["message"] for p in fake.fb_posts.values()],
        [p["text"] for p in fake.x_posts.values()],
    ):
        twice += len(texts) - len(set(texts))
    return twice


if __name__ == "__main__":
    main()
