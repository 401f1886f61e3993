"""A real worker (`manage.py db_worker`) posting a request to Instagram against the local fake, killed
with SIGKILL after `media_publish` succeeded and before it read the permalink: after the queue's
lease a new worker resumes from the stored ids, and the platform holds exactly one post; the request
becomes published by itself."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from warta.core.tests.processes import db_worker, run
from warta.social.testing import FakePlatforms

SETUP = """
import io, django
django.setup()
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image
from warta.accounts import roles
from warta.accounts.models import Organization, User
from warta.desk import transitions
from warta.desk.models import Attachment
from warta.desk.tests.test_api_support import make_request
from warta.social.models import Account

org = Organization.objects.create(code="dinkes", name="Dinas Kesehatan", kind="dinas")
staf = User.objects.create_user(username="staf", password="sandi-rahasia-123", first_name="Staf Satu")
staf.groups.set([Group.objects.get_or_create(name=roles.STAF_IKP)[0]])
Account.objects.create(platform="instagram", account_id=IG, handle="dinkominfopbg", access_token="fake-token")
req = make_request(org, "assigned", assignee=staf, platforms=["instagram"])
buffer = io.BytesIO()
Image.new("RGB", (1080, 1080), (20, 110, 160)).save(buffer, format="JPEG")
attachment = Attachment(request=req, content_type="image/jpeg", size=len(buffer.getvalue()), alt_text="Poster")
attachment.file.save("poster.jpg", ContentFile(buffer.getvalue()), save=False)
attachment.save()
with transaction.atomic():
    transitions.perform(req, "post", staf, {})
print(req.number)
"""


def _env(tmp_path: Path, fake_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "WARTA_", "EMAIL_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'warta.sqlite3'}",
        DJANGO_SETTINGS_MODULE="warta.settings",
        WARTA_TASKS_BACKEND="db",
        WARTA_TASK_LEASE_S="1",
        WARTA_META_GRAPH_URL=fake_url,
        WARTA_X_API_URL=fake_url,
        WARTA_SOCIAL_TIMEOUT_S="30",
        WARTA_SOCIAL_POLL_S="1",
        WARTA_VAR_DIR=str(tmp_path / "var"),
        WARTA_LOG_LEVEL="WARNING",
    )
    return env


def _row(db: Path, number: str) -> tuple[str, str, str, str]:
    """(post state, its external id, its link, the request's status) straight from the shared file."""
    with sqlite3.connect(db, timeout=20) as conn:
        post = conn.execute(
            "SELECT state, external_id, url FROM social_post WHERE subject = ? AND platform = 'instagram'", (number,)
        ).fetchone()
        (status,) = conn.execute("SELECT status FROM desk_publicationrequest WHERE number = ?", (number,)).fetchone()
    return (*post, status)


@pytest.mark.slow
def test_a_worker_killed_between_media_publish_and_the_permalink_resumes_with_one_post(tmp_path):
    db = tmp_path / "warta.sqlite3"
    workers: list[subprocess.Popen] = []
    with FakePlatforms() as fake:
        env = _env(tmp_path, fake.url)
        try:
            run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], env)
            number = run([sys.executable, "-c", f"IG = {fake.ig_user_id!r}\n{SETUP}"], env).stdout.split()[-1]
            assert _row(db, number)[0] == "queued"

            # The worker publishes, then waits for the permalink: it is killed there.
            fake.stall("ig.permalink", 30)
            log = tmp_path / "worker.log"
            workers.append(db_worker(env, log))
            assert fake.stalled.wait(90), log.read_text()
            workers[-1].send_signal(signal.SIGKILL)
            workers[-1].wait(timeout=10)
            state, media_id, url, status = _row(db, number)
            assert (state, url, status) == ("publishing", "", "assigned")
            assert list(fake.ig_media) == [media_id]  # the media id was stored before the next call

            # After the lease the queue hands the task out again; a new worker finishes from the ids.
            fake.stall("ig.permalink", 0)
            time.sleep(1.5)
            run([sys.executable, "manage.py", "run_timers", "--once"], env)
            workers.append(db_worker(env, log))
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and _row(db, number)[3] != "published":
                time.sleep(0.3)
            workers[-1].send_signal(signal.SIGTERM)
            workers[-1].wait(timeout=20)
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait()

        state, media_id, url, status = _row(db, number)
        assert (state, status) == ("published", "published")
        assert len(fake.ig_media) == 1 and url == fake.ig_media[media_id]["permalink"]
        assert sum(1 for method, path in fake.calls if path.endswith("/media_publish")) == 1
