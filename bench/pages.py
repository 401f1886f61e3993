"""Public pages against a floor: how close each comes to the cheapest page Django can serve.

Builds a temporary SQLite database with the standard, the demo data and 100,000 survey answers,
serves Warta with gunicorn, and beside it a minimal Django app (bench/pages_floor.py) that reads one
row of a 100,000-row table and renders a one-line template, with the same number of workers. wrk
loads each URL in turn with the same connections and duration, and the ratio of requests per
second (Warta / floor) is printed for each public page: the standard's page, the /lacak/ result
(the signed link's GET) and the SKM results. Goal: >= 0.6 for each.

    .venv/bin/python bench/pages.py [--seconds 10] [--connections 16] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, fill_survey, setup

GOAL = 0.6


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except Exception:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer at {url}")


def serve(app: str, port: int, workers: int, env: dict[str, str], cwd: Path) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    return subprocess.Popen(
        [gunicorn, app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"],
        env=env,
        cwd=cwd,
        start_new_session=True,
    )


def wrk(url: str, seconds: int, connections: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise SystemExit(f"{url}: {non2xx.group(1)} answers were not 2xx/3xx\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert match, out
    return float(match.group(1))


def build_floor_database(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, title TEXT NOT NULL)")
    db.executemany("INSERT INTO item (id, title) VALUES (?, ?)", ((i, f"Item {i}") for i in range(1, 100_001)))
    db.commit()
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    tmp = setup("pages")
    os.environ["WARTA_DEBUG"] = "0"
    from django.core.management import call_command

    from warta.desk.models import PublicationRequest, Status
    from warta.desk.tracking import tracking_path
    from warta.standards.models import Service

    call_command("migrate", verbosity=0)
    call_command("import_standard", str(ROOT / "warta/standards/data/standar-publikasi-konten-media-sosial.txt"))
    call_command("load_demo", verbosity=0)
    from warta.survey.services import get_period

    service = Service.objects.order_by("pk").first()
    assert service is not None
    year = time.localtime().tm_year
    fill_survey(service, 100_000, year)
    period = str(year)
    assert get_period(service, period) is not None
    published = PublicationRequest.objects.filter(status=Status.PUBLISHED).order_by("pk").first()
    assert published is not None
    floor_db = tmp / "floor.sqlite3"
    build_floor_database(floor_db)

    env = {**os.environ, "WARTA_LOG_LEVEL": "WARNING"}
    warta_port, floor_port = free_port(), free_port()
    servers = [
        serve("warta.wsgi", warta_port, args.workers, env, ROOT),
        serve("pages_floor:application", floor_port, args.workers, {**env, "FLOOR_DB": str(floor_db)}, ROOT / "bench"),
    ]
    try:
        pages = {
            "standard (/)": "/",
            "tracking result (/lacak/<token>/)": tracking_path(published.number),
            f"SKM results (/skm/hasil/{service.slug}/{period}/)": f"/skm/hasil/{service.slug}/{period}/",
        }
        base = f"http://127.0.0.1:{warta_port}"
        floor_url = f"http://127.0.0.1:{floor_port}/"
        wait_for(floor_url)
        for path in pages.values():
            wait_for(base + path)
        floor = wrk(floor_url, args.seconds, args.connections)
        print(f"floor (one row of 100,000, one-line template): {floor:8.1f} req/s")
        worst = None
        for name, path in pages.items():
            rate = wrk(base + path, args.seconds, args.connections)
            ratio = rate / floor
            worst = ratio if worst is None else min(worst, ratio)
            verdict = "ok" if ratio >= GOAL else "below goal"
            print(f"{name:58} {rate:8.1f} req/s  ratio {ratio:4.2f}  ({verdict})")
        print(f"goal: every public page >= {GOAL} of the floor; worst {worst:.2f}")
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
