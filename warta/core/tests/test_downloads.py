"""Files built in the worker: the request queues a Download, the task builds it, and only the requester
or the same role fetches it through the access-checked view; never by a media URL."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client

from warta.accounts import roles
from warta.core import downloads
from warta.core.downloads import Built, request_download
from warta.core.downloads.models import Download
from warta.core.downloads.tasks import build_download

KIND = "test.greeting"


@pytest.fixture(autouse=True)
def greeting_kind():
    def build(params):
        if params.get("explode"):
            raise ValueError("no data")
        return Built(f"Halo {params['name']}".encode(), "text/plain")

    downloads.register(
        KIND, build=build, may_access=lambda user, params: roles.has_role(user, roles.STAF_IKP, roles.KABID_IKP)
    )
    yield
    downloads.KINDS.pop(KIND, None)


def _request(user, django_capture_on_commit_callbacks, **params) -> Download:
    with django_capture_on_commit_callbacks(execute=True):
        download = request_download(user, KIND, params or {"name": "Sari"}, title="Sapaan", filename="sapaan.txt")
    download.refresh_from_db()
    return download


def test_the_request_queues_a_download_and_the_task_builds_the_file(staf, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        download = request_download(staf, KIND, {"name": "Sari"}, title="Sapaan", filename="sapaan.txt")
    assert download.status == Download.Status.PENDING and not download.file
    assert len(callbacks) == 1  # the task is queued after commit, not run in the request

    assert build_download.call(str(download.pk)) != "skipped"

    download.refresh_from_db()
    assert download.status == Download.Status.READY
    assert download.finished_at is not None
    assert download.file.name.startswith("downloads/") and "sapaan" not in download.file.name
    assert download.file.path.startswith(str(settings.MEDIA_ROOT))
    assert download.file.read() == b"Halo Sari"
    with pytest.raises(ValueError, match="no URL"):
        download.file.url  # noqa: B018  (never served by URL, only through the access-checked view)
    assert build_download.call(str(download.pk)) == "skipped"  # a re-queued task leaves it as it is


def test_a_download_in_progress_is_reused(staf, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = request_download(staf, KIND, {"name": "Sari"}, title="Sapaan", filename="sapaan.txt")
        again = request_download(staf, KIND, {"name": "Sari"}, title="Sapaan", filename="sapaan.txt")
        other = request_download(staf, KIND, {"name": "Budi"}, title="Sapaan", filename="sapaan.txt")
    assert again.pk == first.pk and other.pk != first.pk


def test_a_task_killed_mid_build_builds_afresh_when_requeued(staf, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        download = request_download(staf, KIND, {"name": "Sari"}, title="Sapaan", filename="sapaan.txt")
    Download.objects.filter(pk=download.pk).update(status=Download.Status.RUNNING)  # the worker died here
    build_download.call(str(download.pk))
    download.refresh_from_db()
    assert download.status == Download.Status.READY


def test_the_page_says_it_is_being_prepared_and_refreshes(staf, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        download = request_download(staf, KIND, {"name": "Sari"}, title="Sapaan", filename="sapaan.txt")
    html = login(staf).get(f"/unduhan/{download.pk}/").content.decode()
    assert "Berkas sedang disiapkan." in html
    assert f'hx-get="/unduhan/{download.pk}/"' in html and 'hx-trigger="every 3s"' in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert "/berkas" not in html
    assert login(staf).get(f"/unduhan/{download.pk}/berkas").status_code == 404

    build_download.call(str(download.pk))
    partial = login(staf).get(f"/unduhan/{download.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert "Berkas siap." in partial and "hx-trigger" not in partial
    assert f'href="/unduhan/{download.pk}/berkas"' in partial


def test_the_requester_and_the_same_role_download_it(staf, staf2, kabid, login, django_capture_on_commit_callbacks):
    download = _request(staf, django_capture_on_commit_callbacks)
    for user in (staf, staf2, kabid):
        response = login(user).get(f"/unduhan/{download.pk}/berkas")
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == b"Halo Sari"
        assert response["Content-Disposition"] == 'attachment; filename="sapaan.txt"'
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_an_outsider_gets_404(staf, pemohon, pimpinan, login, django_capture_on_commit_callbacks):
    download = _request(staf, django_capture_on_commit_callbacks)
    for user in (pemohon, pimpinan):
        assert login(user).get(f"/unduhan/{download.pk}/").status_code == 404
        assert login(user).get(f"/unduhan/{download.pk}/berkas").status_code == 404
    anonymous = Client().get(f"/unduhan/{download.pk}/berkas")
    assert anonymous.status_code == 302 and "/masuk/" in anonymous["Location"]


def test_an_outsider_cannot_request_it(pemohon):
    with pytest.raises(PermissionDenied):
        request_download(pemohon, KIND, {"name": "Sari"}, title="Sapaan", filename="sapaan.txt")
    assert not Download.objects.exists()


def test_the_download_views_refuse_post(staf, login, django_capture_on_commit_callbacks):
    download = _request(staf, django_capture_on_commit_callbacks)
    assert login(staf).post(f"/unduhan/{download.pk}/berkas").status_code == 405


def test_a_failed_build_says_so(staf, login, django_capture_on_commit_callbacks):
    download = _request(staf, django_capture_on_commit_callbacks, explode=True)
    assert download.status == Download.Status.FAILED
    html = login(staf).get(f"/unduhan/{download.pk}/").content.decode()
    assert "Berkas tidak dapat disiapkan. Coba lagi nanti atau hubungi admin." in html
    assert "hx-trigger" not in html


def test_the_page_says_failed_when_the_queue_gave_the_task_up(staf, login, django_capture_on_commit_callbacks):
    from django.test import override_settings
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}):
        download = _request(staf, django_capture_on_commit_callbacks)
        assert download.status == Download.Status.PENDING and download.task_id
        html = login(staf).get(f"/unduhan/{download.pk}/").content.decode()
        assert "Berkas sedang disiapkan." in html
        # the worker died on it again and again: the lease marked the task failed
        DBTaskResult.objects.filter(pk=download.task_id).update(status=TaskResultStatus.FAILED)
        html = login(staf).get(f"/unduhan/{download.pk}/").content.decode()
    assert "Berkas tidak dapat disiapkan. Coba lagi nanti atau hubungi admin." in html
    download.refresh_from_db()
    assert download.status == Download.Status.FAILED


def test_finished_downloads_are_pruned_after_a_week(staf, django_capture_on_commit_callbacks):
    import datetime as dt
    from pathlib import Path

    from django.utils import timezone

    old = _request(staf, django_capture_on_commit_callbacks)
    fresh = _request(staf, django_capture_on_commit_callbacks, name="Budi")
    Download.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    path = Path(old.file.path)
    assert path.exists()
    assert downloads.prune() == 1
    assert not path.exists()
    assert list(Download.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_the_timers_prune_downloads_and_sent_messages_every_hour():
    import datetime as dt

    from warta.core import periodic
    from warta.notify.send import prune_sent

    jobs = {job.name: job for job in periodic.jobs()}
    assert (jobs["core.prune_downloads"].every, jobs["core.prune_downloads"].run) == (
        dt.timedelta(hours=1),
        downloads.prune,
    )
    assert (jobs["notify.prune_sent"].every, jobs["notify.prune_sent"].run) == (dt.timedelta(hours=1), prune_sent)
