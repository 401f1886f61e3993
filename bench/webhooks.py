"""A burst of WhatsApp webhook deliveries against gunicorn: every one answered 200, p95 under 50 ms,
and exactly the distinct messages kept once the worker has processed them.

1,000 signed deliveries (10 % of them repeats of an earlier one, as Meta retries), 16 at a time,
against gunicorn with 2 sync workers (deploy/gunicorn.conf.py's settings otherwise), on a fresh
SQLite database and on PostgreSQL (127.0.0.1:5432, user postgres, database warta_bench_webhooks,
made and dropped here). Then the task worker (`manage.py db_worker --batch`) processes the
deliveries and the stored messages are counted.

The load comes from one event loop sending prebuilt requests on raw sockets: it shares the two
cores with the server, and a generator that costs more (a thread per request in flight, an HTTP
client library) takes CPU from the workers and shows up in the very latencies it measures.

    .venv/bin/python bench/webhooks.py [--db sqlite|postgres|both] [--deliveries 1000]
        [--duplicates 0.1] [--concurrency 16] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_P95_MS = 50.0
SECRET = "bench-app-secret"  # a throw-away secret for the benchmark's own server
PG_URL = "postgres://postgres@127.0.0.1:5432/"
PG_NAME = "warta_bench_webhooks"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def deliveries(count: int, duplicates: float, seed: int = 8_2026) -> tuple[list[bytes], int]:
    """Signed bodies in the order they are sent, and how many distinct messages they carry."""
    from warta.channels import testing

    rng = random.Random(seed)
    repeats = int(count * duplicates)
    distinct: list[bytes] = []
    for i in range(count - repeats):
        phone = f"62812{rng.randint(0, 49):07d}"
        message = testing.wa_message(text=f"Permohonan publikasi nomor {i}", phone=phone)
        value = testing.wa_value([message], contacts=[testing.wa_contact(f"Kontak {phone[-2:]}", phone)])
        distinct.append(testing.encode(testing.wa_payload(value)))
    bodies = list(distinct)
    for _ in range(repeats):  # Meta's retries: an earlier delivery, byte for byte, somewhere later
        bodies.insert(rng.randint(len(bodies) // 10, len(bodies)), rng.choice(distinct))
    return bodies, len(distinct)


def signature(body: bytes) -> str:
    from warta.channels.webhooks import signature_of

    return signature_of(body, SECRET)


def post_request(port: int, body: bytes, sig: str) -> bytes:
    """The whole HTTP/1.1 request as bytes, built before the burst so sending costs the client little."""
    head = (
        f"POST /webhooks/whatsapp/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\nX-Hub-Signature-256: {sig}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


async def post(port: int, raw: bytes) -> tuple[int, float]:
    """One delivery on its own connection (gunicorn's sync workers close it after the answer):
    its status and the milliseconds from connecting to the last byte of the answer."""
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(raw)
    answer = await reader.read()
    writer.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.") else 0
    return status, (time.perf_counter() - started) * 1000


async def burst(port: int, raws: list[bytes], concurrency: int) -> list[tuple[int, float]]:
    """Every request, `concurrency` in flight at a time. One thread and an event loop: the load
    generator shares the machine's cores with the server, so it must cost as little as it can."""
    slots = asyncio.Semaphore(concurrency)

    async def guarded(raw: bytes) -> tuple[int, float]:
        async with slots:
            return await post(port, raw)

    return await asyncio.gather(*(guarded(raw) for raw in raws))


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=capture,
        text=True,
    )
    return done.stdout if capture else ""


def wait_for(url: str) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except urllib.error.HTTPError:  # any answer means the server is up
            return
        except Exception:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer at {url}")


def postgres(action: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL + "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        if action == "create":
            conn.execute(f'CREATE DATABASE "{PG_NAME}"')


COUNT = """
import json
from warta.channels.models import Conversation, Delivery, Message
print(json.dumps({
    "deliveries": Delivery.objects.count(),
    "processed": Delivery.objects.filter(processed_at__isnull=False).count(),
    "messages": Message.objects.count(),
    "distinct_ids": Message.objects.values("external_id").distinct().count(),
    "conversations": Conversation.objects.count(),
}))
"""


def run(db: str, args: argparse.Namespace) -> dict[str, object]:
    tmp = Path(tempfile.mkdtemp(prefix=f"warta-bench-webhooks-{db}-"))
    if db == "postgres":
        postgres("create")
        database_url = PG_URL + PG_NAME
    else:
        database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "warta.settings",
        "DATABASE_URL": database_url,
        "WARTA_VAR_DIR": str(tmp / "var"),
        "WARTA_DEBUG": "0",
        "WARTA_LOG_LEVEL": "ERROR",
        "WARTA_TASKS_BACKEND": "db",
        "WARTA_META_APP_SECRET": SECRET,
        "WARTA_EMAIL": "console",
    }
    manage(env, "migrate", "--verbosity", "0")
    bodies, distinct = deliveries(args.deliveries, args.duplicates)
    signed = [(body, signature(body)) for body in bodies]
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [
            gunicorn,
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "warta.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/webhooks/whatsapp/"
    try:
        wait_for(url)
        for _warm in range(5):  # the workers' first requests (imports, connections) are not the burst's
            httpx.get(f"http://127.0.0.1:{port}/webhooks/whatsapp/?hub.mode=x", timeout=30)
        raws = [post_request(port, body, sig) for body, sig in signed]
        began = time.perf_counter()
        results = asyncio.run(burst(port, raws, args.concurrency))
        elapsed = time.perf_counter() - began
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    processing = time.perf_counter()
    manage(env, "db_worker", "--batch", "--no-startup-delay", "--verbosity", "0")
    processing = time.perf_counter() - processing
    counts = json.loads(manage(env, "shell", "-c", COUNT, capture=True).strip().splitlines()[-1])
    if db == "postgres":
        postgres("drop")
    latencies = sorted(ms for _status, ms in results)
    statuses = {status for status, _ms in results}
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    return {
        "db": db,
        "deliveries": len(results),
        "all_200": statuses == {200},
        "statuses": sorted(statuses),
        "median_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(latencies[-1], 1),
        "per_second": round(len(results) / elapsed, 1),
        "worker_s": round(processing, 1),
        "distinct_sent": distinct,
        **counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--deliveries", type=int, default=1000)
    parser.add_argument("--duplicates", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    # This process only builds and signs the payloads (warta.channels.testing); it opens no database.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta.settings")
    os.environ.setdefault("WARTA_VAR_DIR", tempfile.mkdtemp(prefix="warta-bench-webhooks-"))
    os.environ.setdefault("WARTA_LOG_LEVEL", "WARNING")  # not a line per request from httpx
    import django

    django.setup()
    failed = False
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        figures = run(db, args)
        ok = (
            figures["all_200"]
            and float(figures["p95_ms"]) < GOAL_P95_MS  # type: ignore[arg-type]
            and figures["messages"] == figures["distinct_sent"]
            and figures["distinct_ids"] == figures["distinct_sent"]
            and figures["processed"] == figures["deliveries"]
        )
        failed = failed or not ok
        print(
            f"{db:8} {figures['deliveries']} deliveries ({args.concurrency} at a time): "
            f"200 each: {'yes' if figures['all_200'] else 'NO ' + str(figures['statuses'])}; "
            f"median {figures['median_ms']} ms, p95 {figures['p95_ms']} ms (goal < {GOAL_P95_MS:.0f}), "
            f"max {figures['max_ms']} ms, {figures['per_second']}/s; "
            f"worker {figures['worker_s']} s; messages kept {figures['messages']} of {figures['distinct_sent']} "
            f"distinct, {figures['conversations']} conversations -> {'OK' if ok else 'NOT MET'}",
            flush=True,
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
