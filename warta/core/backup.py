"""One archive holds the whole office: the database, the media folder and a manifest to check both.

Layout of `backup.tar.gz`:

- `database.sqlite3` (SQLite's online backup API) or `database.pgdump` (`pg_dump -Fc`);
- `media/…`: every file under MEDIA_ROOT;
- `manifest.json` (written last): the row count of every table, as seen by the same snapshot the
  database copy was taken from, and the SHA-256 of the database copy and of every media file.

`restore()` refuses a target that is not empty (a database with any table, a media folder with any
entry), restores, then counts and hashes the target again and compares it with the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Summary:
    tables: int
    rows: int
    files: int
    bytes: int


# --- the database --------------------------------------------------------------------------------


def engine_kind(settings_dict: dict[str, Any]) -> str:
    engine = settings_dict["ENGINE"]
    if "sqlite3" in engine:
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def standalone_connection(settings_dict: dict[str, Any], **changes: Any) -> BaseDatabaseWrapper:
    """A connection of its own to the database described by `settings_dict` (with `changes`),
    outside Django's connection handler: it never shares a transaction with the app's connection."""
    config = {**settings_dict, **changes}
    backend = load_backend(config["ENGINE"])
    return backend.DatabaseWrapper(config, alias="warta-backup")


def table_counts(conn: BaseDatabaseWrapper) -> dict[str, int]:
    """Every table's row count (views excluded), by name."""
    counts: dict[str, int] = {}
    with conn.cursor() as cursor:
        names = sorted(conn.introspection.table_names(cursor))
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(name)}")  # noqa: S608 (a table name from introspection)
            counts[name] = int(cursor.fetchone()[0])
    return counts


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: on the PATH (Debian's wrapper picks the cluster's version), else the
    newest under /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return str(candidates[-1])
    raise BackupError(f"{name} was not found; install PostgreSQL's client tools (apt-get install postgresql-client).")


def pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for the command-line tools (the password never appears on a command line)."""
    env = dict(os.environ)
    options = settings_dict.get("OPTIONS") or {}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed ({result.returncode}): {result.stderr.strip()}")


def _dump_sqlite(settings_dict: dict[str, Any], alias: str, target: Path) -> dict[str, int]:
    source = connections[alias]
    source.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        source.connection.backup(copy)  # a consistent copy, even while others write
    finally:
        copy.close()
    check = standalone_connection(settings_dict, NAME=str(target), OPTIONS={})
    try:
        return table_counts(check)
    finally:
        check.close()


def _dump_postgresql(settings_dict: dict[str, Any], target: Path) -> dict[str, int]:
    """pg_dump from an exported snapshot, so the counts and the dump see exactly the same rows."""
    conn = standalone_connection(settings_dict)
    try:
        with conn.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts(conn)
            _run(
                [pg_tool("pg_dump"), "-Fc", f"--snapshot={snapshot}", "-f", str(target), str(settings_dict["NAME"])],
                pg_env(settings_dict),
            )
            cursor.execute("COMMIT")
    finally:
        conn.close()
    return counts


def database_is_empty(settings_dict: dict[str, Any]) -> list[str]:
    """The target's tables (an empty list: the database is empty and may be restored into)."""
    kind = engine_kind(settings_dict)
    if kind == "sqlite" and not _sqlite_in_memory(settings_dict):
        path = _sqlite_path(settings_dict)
        if not path.exists() or path.stat().st_size == 0:
            return []
    conn = standalone_connection(settings_dict)
    try:
        with conn.cursor() as cursor:
            return sorted(conn.introspection.table_names(cursor, include_views=True))
    finally:
        conn.close()


def _sqlite_in_memory(settings_dict: dict[str, Any]) -> bool:
    name = str(settings_dict["NAME"])
    return name == ":memory:" or "mode=memory" in name


def _sqlite_path(settings_dict: dict[str, Any]) -> Path:
    name = str(settings_dict["NAME"])
    if _sqlite_in_memory(settings_dict):
        raise BackupError("Cannot restore into an in-memory SQLite database; set DATABASE_URL to a file.")
    return Path(name)


def _restore_sqlite(settings_dict: dict[str, Any], dump: Path) -> None:
    path = _sqlite_path(settings_dict)
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dump)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _restore_postgresql(settings_dict: dict[str, Any], dump: Path) -> None:
    _run(
        [
            pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "-d",
            str(settings_dict["NAME"]),
            str(dump),
        ],
        pg_env(settings_dict),
    )


# --- files ---------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(relative POSIX path, path) of every regular file under `root`, sorted; links are not followed."""
    if not root.exists():
        return
    for directory, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def media_checksums(root: Path) -> dict[str, str]:
    return {relative: sha256_file(path) for relative, path in media_files(root)}


class _HashingReader:
    """Hands tarfile the bytes it asks for and hashes exactly those."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _safe_media_name(name: str) -> str | None:
    """The path under the media folder for an archive member, or None when it is not a media file
    or would escape the folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or len(path.parts) < 2 or path.parts[0] != MEDIA_DIR:
        return None
    return PurePosixPath(*path.parts[1:]).as_posix()


# --- backup and restore --------------------------------------------------------------------------


@contextmanager
def _temporary_directory(near: Path) -> Iterator[Path]:
    near.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".warta-backup-", dir=near) as name:
        yield Path(name)


def backup(archive: Path, media_root: Path, alias: str = "default") -> Summary:
    """Write the archive (first to a temporary name, renamed when complete)."""
    settings_dict = connections[alias].settings_dict
    kind = engine_kind(settings_dict)
    archive = archive.resolve()
    with _temporary_directory(archive.parent) as work:
        dump = work / DB_FILES[kind]
        counts = _dump_sqlite(settings_dict, alias, dump) if kind == "sqlite" else _dump_postgresql(settings_dict, dump)
        partial = work / "archive.tar.gz"
        files: dict[str, str] = {}
        total = 0
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(dump, arcname=DB_FILES[kind], recursive=False)
            for relative, path in media_files(media_root):
                info = tar.gettarinfo(str(path), arcname=f"{MEDIA_DIR}/{relative}")
                with path.open("rb") as handle:
                    reader = _HashingReader(handle)
                    tar.addfile(info, reader)  # type: ignore[arg-type]
                files[relative] = reader.digest.hexdigest()
                total += info.size
            manifest = {
                "format": FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database": {"engine": kind, "file": DB_FILES[kind], "sha256": sha256_file(dump), "tables": counts},
                "media": {"files": files},
            }
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            tar.addfile(info, _BytesReader(data))  # type: ignore[arg-type]
        os.replace(partial, archive)
    return Summary(tables=len(counts), rows=sum(counts.values()), files=len(files), bytes=total)


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk = self.data[self.offset : end]
        self.offset += len(chunk)
        return chunk


def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        handle = tar.extractfile(MANIFEST)
    except KeyError:
        raise BackupError(f"The archive has no {MANIFEST}: it is not a Warta backup.")
    if handle is None:
        raise BackupError(f"{MANIFEST} in the archive is not a file.")
    try:
        manifest = json.loads(handle.read())
    except ValueError as exc:
        raise BackupError(f"{MANIFEST} is not valid JSON: {exc}")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} (this version reads {FORMAT}).")
    return manifest


def restore(archive: Path, media_root: Path, alias: str = "default") -> Summary:
    """Restore into an empty database and an empty media folder, then check them against the manifest."""
    settings_dict = connections[alias].settings_dict
    kind = engine_kind(settings_dict)
    try:
        tar = tarfile.open(archive, "r:gz")  # noqa: SIM115 (closed by the `with` below)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Cannot read {archive}: {exc}")
    with tar:
        manifest = read_manifest(tar)
        database = manifest["database"]
        if database["engine"] != kind:
            raise BackupError(
                f"The archive holds a {database['engine']} database; the target (DATABASE_URL) is {kind}. "
                "Restore into the same kind of database."
            )
        tables = database_is_empty(settings_dict)
        if tables:
            raise BackupError(
                f"The target database is not empty ({len(tables)} tables, e.g. {', '.join(tables[:3])}). "
                "Restore only into a new, empty database (e.g. `createdb warta_restored`, then point "
                "DATABASE_URL at it); nothing was changed."
            )
        if media_root.exists() and any(media_root.iterdir()):
            raise BackupError(
                f"The media folder {media_root} is not empty. Restore only into an empty folder "
                "(point WARTA_MEDIA_ROOT at a new one); nothing was changed."
            )
        with _temporary_directory(media_root.parent) as work:
            dump = work / database["file"]
            try:
                member = tar.extractfile(database["file"])
            except KeyError:
                member = None
            if member is None:
                raise BackupError(f"The archive has no {database['file']}.")
            with dump.open("wb") as out:
                shutil.copyfileobj(member, out, CHUNK)
            if sha256_file(dump) != database["sha256"]:
                raise BackupError(
                    f"{database['file']} does not match its checksum in the manifest; nothing was restored."
                )
            if kind == "sqlite":
                _restore_sqlite(settings_dict, dump)
            else:
                _restore_postgresql(settings_dict, dump)
        media_root.mkdir(parents=True, exist_ok=True)
        for info in tar:
            relative = _safe_media_name(info.name)
            if relative is None or not info.isfile():
                continue
            destination = media_root / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(info)
            assert source is not None  # a regular file
            with destination.open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
    problems = verify(manifest, settings_dict, media_root)
    if problems:
        raise BackupError("The restored data does not match the manifest:\n" + "\n".join(problems))
    counts = database["tables"]
    files = manifest["media"]["files"]
    return Summary(
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(files),
        bytes=sum(path.stat().st_size for _r, path in media_files(media_root)),
    )


def verify(manifest: dict[str, Any], settings_dict: dict[str, Any], media_root: Path) -> list[str]:
    """What differs between the manifest and the target: table counts, then files (empty: all match)."""
    problems: list[str] = []
    conn = standalone_connection(settings_dict)
    try:
        actual = table_counts(conn)
    finally:
        conn.close()
    expected: dict[str, int] = manifest["database"]["tables"]
    for name in sorted(set(expected) | set(actual)):
        if expected.get(name) != actual.get(name):
            problems.append(
                f"table {name}: {expected.get(name, 'absent')} rows expected, {actual.get(name, 'absent')} found"
            )
    files: dict[str, str] = manifest["media"]["files"]
    found = media_checksums(media_root)
    for name in sorted(set(files) | set(found)):
        if name not in found:
            problems.append(f"file {name}: missing")
        elif name not in files:
            problems.append(f"file {name}: not in the manifest")
        elif files[name] != found[name]:
            problems.append(f"file {name}: checksum differs")
    return problems
