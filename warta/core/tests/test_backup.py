"""`manage.py backup` and `manage.py restore`: a round trip keeps every row and every file.

The restore runs as a separate process with the production settings, pointed (DATABASE_URL,
WARTA_MEDIA_ROOT) at a new, empty database and media folder, as an admin would on a new machine.
The SQLite round trip runs in the SQLite suite; the PostgreSQL one when DATABASE_URL points at
PostgreSQL (the CI's second pass), restoring into a separate database it creates and drops.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from warta.core.backup import pg_tool, standalone_connection, table_counts
from warta.desk import intake
from warta.desk.models import Attachment, PublicationRequest
from warta.desk.tests.test_api_support import PDF, content_fields, png_file

ROOT = Path(settings.BASE_DIR)
CI = os.environ.get("CI") == "true"
round_trip = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(root: Path) -> dict[str, str]:
    """Every file under root by relative path, with its checksum (computed here, not by the backup)."""
    return {p.relative_to(root).as_posix(): sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def counts_of(conn) -> dict[str, int]:
    with conn.cursor() as cursor:
        names = conn.introspection.table_names(cursor)
        result = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(name)}")  # noqa: S608
            result[name] = cursor.fetchone()[0]
    return result


def restore_process(archive: Path, database_url: str, media: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "warta.settings",
        "DATABASE_URL": database_url,
        "WARTA_MEDIA_ROOT": str(media),
        "WARTA_VAR_DIR": str(tmp_path / "var"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def office_data(office, pemohon, org, settings, tmp_path):
    """Rows in many tables (users, requests, events, attachments) and files, one with a nested, non-ASCII name."""
    settings.MEDIA_ROOT = tmp_path / "source-media"
    for n in range(3):
        intake.create_request(
            user=pemohon,
            organization=org,
            fields=content_fields(title=f"Kegiatan {n}"),
            uploads=[intake.Upload(file=png_file(f"poster-{n}.png"), alt_text="Poster")],
        )
    extra = Path(settings.MEDIA_ROOT) / "office" / "arsip" / "surat édaran.pdf"
    extra.parent.mkdir(parents=True, exist_ok=True)
    extra.write_bytes(PDF)


def assert_same(source_counts: dict[str, int], target_counts: dict[str, int], target_media: Path) -> None:
    assert source_counts == target_counts
    assert source_counts["desk_publicationrequest"] == 3
    assert source_counts["desk_attachment"] == 3
    source_files = tree(Path(settings.MEDIA_ROOT))
    assert tree(target_media) == source_files
    assert "office/arsip/surat édaran.pdf" in source_files
    for attachment in Attachment.objects.all():
        assert attachment.file.name in source_files


@round_trip
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip; the PostgreSQL one is below")
def test_round_trip_on_sqlite(office_data, tmp_path, capsys):
    archive = tmp_path / "warta.tar.gz"
    call_command("backup", str(archive))
    assert "Backup written to" in capsys.readouterr().out

    target_db = tmp_path / "restored.sqlite3"
    target_media = tmp_path / "restored-media"
    result = restore_process(archive, f"sqlite:///{target_db}", target_media, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "checked against its manifest" in result.stdout

    target = standalone_connection(connection.settings_dict, NAME=str(target_db), OPTIONS={})
    try:
        assert_same(counts_of(connection), counts_of(target), target_media)
        with target.cursor() as cursor:
            cursor.execute("SELECT title FROM desk_publicationrequest ORDER BY title")
            assert [row[0] for row in cursor.fetchall()] == ["Kegiatan 0", "Kegiatan 1", "Kegiatan 2"]
    finally:
        target.close()

    # Restoring again into the now full target is refused, and changes nothing.
    again = restore_process(archive, f"sqlite:///{target_db}", tmp_path / "other-media", tmp_path)
    assert again.returncode != 0
    assert "The target database is not empty" in again.stderr
    assert not (tmp_path / "other-media").exists()


@round_trip
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs when DATABASE_URL points at PostgreSQL (the CI's second pass)"
)
def test_round_trip_on_postgresql(office_data, tmp_path):
    try:
        pg_tool("pg_dump")
        pg_tool("pg_restore")
    except Exception as exc:  # the tools are part of the PostgreSQL pass: missing is a failure there
        pytest.fail(f"PostgreSQL client tools are needed for the round trip: {exc}")
    archive = tmp_path / "warta.tar.gz"
    call_command("backup", str(archive))

    source = connection.settings_dict
    target_name = f"{source['NAME']}_restore"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{target_name}"')
    try:
        password = f":{source['PASSWORD']}" if source.get("PASSWORD") else ""
        url = f"postgres://{source['USER']}{password}@{source['HOST'] or '127.0.0.1'}:{source['PORT'] or 5432}/{target_name}"
        target_media = tmp_path / "restored-media"
        result = restore_process(archive, url, target_media, tmp_path)
        assert result.returncode == 0, result.stderr
        target = standalone_connection(source, NAME=target_name)
        try:
            assert_same(counts_of(connection), counts_of(target), target_media)
            with target.cursor() as cursor:  # sequences come back too: the next row does not collide
                cursor.execute("SELECT MAX(id) FROM desk_publicationrequest")
                highest = cursor.fetchone()[0]
                cursor.execute("SELECT nextval(pg_get_serial_sequence('desk_publicationrequest', 'id'))")
                assert cursor.fetchone()[0] > highest
        finally:
            target.close()
        again = restore_process(archive, url, tmp_path / "other-media", tmp_path)
        assert again.returncode != 0 and "The target database is not empty" in again.stderr
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')


@round_trip
def test_restore_into_the_running_database_is_refused(office, tmp_path):
    archive = tmp_path / "warta.tar.gz"
    call_command("backup", str(archive))
    before = PublicationRequest.objects.count(), table_counts(connection)
    with pytest.raises(CommandError, match="The target database is not empty"):
        call_command("restore", str(archive))
    assert (PublicationRequest.objects.count(), table_counts(connection)) == before


@round_trip
@pytest.mark.skipif(connection.vendor != "sqlite", reason="uses a fresh SQLite file as the empty target")
def test_restore_into_a_full_media_folder_is_refused(office_data, tmp_path):
    archive = tmp_path / "warta.tar.gz"
    call_command("backup", str(archive))
    media = tmp_path / "media"
    media.mkdir()
    (media / "left-over.txt").write_text("x")
    target_db = tmp_path / "restored.sqlite3"
    result = restore_process(archive, f"sqlite:///{target_db}", media, tmp_path)
    assert result.returncode != 0
    assert f"The media folder {media} is not empty" in result.stderr
    assert not target_db.exists() or target_db.stat().st_size == 0
    assert tree(media) == {"left-over.txt": sha256(media / "left-over.txt")}


def rewrite(archive: Path, out: Path, change) -> None:
    """A copy of the archive with `change(name, data) -> data` applied to each member."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for info in src:
            data = src.extractfile(info).read() if info.isfile() else b""
            data = change(info.name, data)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


@round_trip
@pytest.mark.skipif(connection.vendor != "sqlite", reason="uses a fresh SQLite file as the target")
def test_restore_reports_what_differs_from_the_manifest(office_data, tmp_path):
    archive = tmp_path / "warta.tar.gz"
    call_command("backup", str(archive))

    def tamper(name: str, data: bytes) -> bytes:
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["database"]["tables"]["desk_event"] += 1
            return json.dumps(manifest).encode()
        if name == "media/office/arsip/surat édaran.pdf":
            return data + b"changed"
        return data

    tampered = tmp_path / "tampered.tar.gz"
    rewrite(archive, tampered, tamper)
    result = restore_process(tampered, f"sqlite:///{tmp_path / 'r.sqlite3'}", tmp_path / "m", tmp_path)
    assert result.returncode != 0
    assert "does not match the manifest" in result.stderr
    assert "table desk_event:" in result.stderr
    assert "file office/arsip/surat édaran.pdf: checksum differs" in result.stderr


@pytest.mark.django_db
def test_restore_refuses_an_archive_that_is_not_a_backup(tmp_path):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("hello.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(CommandError, match="not a Warta backup"):
        call_command("restore", str(archive))


def test_backup_name_must_be_a_tar_gz(tmp_path):
    with pytest.raises(CommandError, match=r"\.tar\.gz"):
        call_command("backup", str(tmp_path / "warta.zip"))
