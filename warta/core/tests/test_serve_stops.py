"""`make run`'s bin/serve stops with everything it started: Ctrl+C (SIGINT to the terminal's foreground
group), a TERM to the script, or the script killed outright leaves no worker, timer or web server
behind (before, a killed script left the worker's autoreloader and its child running)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "WARTA_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'warta.sqlite3'}",
        DJANGO_SETTINGS_MODULE="warta.settings",
        WARTA_DEBUG="1",  # as `make run`: the worker would default to Django's autoreloader
        WARTA_TASKS_BACKEND="db",
        WARTA_EMAIL="file",
        WARTA_VAR_DIR=str(tmp_path / "var"),
        WARTA_PYTHON=sys.executable,
        WARTA_STOP_GRACE_S="10",
    )
    return env


def _a_terminal_would() -> None:
    """Started from a terminal, the script's Ctrl+C is not ignored (a background job's would be)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("how", "exit_code"),
    [("ctrl-c", 130), ("term", 143), ("kill", -signal.SIGKILL)],
    ids=["ctrl-c to the group", "term to bin/serve", "bin/serve killed outright"],
)
def test_serve_stops_every_process_it_started(tmp_path, how, exit_code):
    env = _env(tmp_path)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=180,
    )
    assert migrate.returncode == 0, migrate.stderr
    port = _free_port()
    log = tmp_path / "serve.log"  # a file: a pipe no one reads while it serves would stall it
    with log.open("wb") as output_file:
        serve = subprocess.Popen(
            ["bin/serve", "127.0.0.1", str(port)],
            cwd=ROOT,
            env=env,
            stdout=output_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, as the foreground job of a terminal
            preexec_fn=_a_terminal_would,
        )
    started: set[int] = set()
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/masuk/", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("bin/serve did not answer")
        started = _descendants(serve.pid)
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ") for pid in started]
        for part in (b"db_worker", b"run_timers", b"runserver"):
            assert any(part in command for command in commands), (part, commands)

        if how == "ctrl-c":
            os.killpg(serve.pid, signal.SIGINT)
        elif how == "term":
            serve.send_signal(signal.SIGTERM)
        else:  # no trap runs: the children must notice on their own
            serve.send_signal(signal.SIGKILL)
        serve.wait(timeout=30)
        output = log.read_bytes()

        assert serve.returncode == exit_code, output.decode(errors="replace")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_running(pid) for pid in started):
            time.sleep(0.1)
        survivors = {pid: Path(f"/proc/{pid}/cmdline").read_bytes() for pid in started if _running(pid)}
        assert survivors == {}
        assert b"Traceback" not in output, output.decode(errors="replace")
    finally:
        for pid in started | {serve.pid}:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
        if serve.poll() is None:
            serve.kill()
            serve.wait()
