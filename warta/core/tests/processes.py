"""For the slow tests that start Warta's own processes on a database file of their own: a command
that must succeed, and a task worker whose errors go to a log file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]


def run(args: list[str], env: dict[str, str], **extra: Any) -> subprocess.CompletedProcess:
    """Run a command in the project's folder; it must succeed (its stderr is the failure's message)."""
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, **extra)
    assert done.returncode == 0, done.stderr
    return done


def db_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    """A task worker on the database queue, polling every 0.2 s. Its errors go to `log`, a file:
    a pipe no one reads while it runs could fill up and stop it."""
    with log.open("a") as errors:
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
