"""bin/serve (what `make run` starts): the links in e-mails point at the port it serves on, unless
WARTA_SITE_URL is set."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

SERVE = Path(settings.BASE_DIR) / "bin" / "serve"


def run_serve(tmp_path: Path, *args: str, **env: str) -> list[str]:
    """Run bin/serve with a stand-in Python that records WARTA_SITE_URL and its arguments."""
    log = tmp_path / "calls.log"
    fake = tmp_path / "python"
    # Each service "runs" for a moment, so that all three have started when the first one ends.
    # bin/serve starts each service through `python -c TIED <its pid> <command…>` (its own process
    # group, tied to the script): the stand-in skips that wrapper and runs the command.
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-c" ]; then shift 3; exec "$@"; fi\n'
        f'echo "$WARTA_SITE_URL $*" >> {log}\n'
        'case "$*" in *load_demo*) ;; *) sleep 1 ;; esac\n'
    )
    fake.chmod(0o755)
    environ = {k: v for k, v in os.environ.items() if k != "WARTA_SITE_URL"}
    environ.update(env, WARTA_PYTHON=str(fake))
    subprocess.run([str(SERVE), *args], env=environ, check=True, capture_output=True, timeout=30)
    return log.read_text().splitlines()


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (("127.0.0.1", "8011"), {}, "http://127.0.0.1:8011"),
        ((), {}, "http://127.0.0.1:8000"),
        (("0.0.0.0", "8012"), {}, "http://127.0.0.1:8012"),  # noqa: S104 (nothing binds: a stand-in Python)
        (("127.0.0.1", "8011"), {"WARTA_SITE_URL": "https://warta.example.go.id"}, "https://warta.example.go.id"),
    ],
)
def test_links_follow_the_port_unless_the_site_url_is_set(tmp_path, args, env, expected):
    calls = run_serve(tmp_path, *args, **env)
    commands = {line.split(" ", 1)[1].split()[0] + " " + line.split(" ", 1)[1].split()[1] for line in calls}
    assert {"manage.py db_worker", "manage.py run_timers", "manage.py runserver"} <= commands
    # The worker (which sends the e-mails), the timers and the web server all see the same address.
    assert {line.split(" ", 1)[0] for line in calls} == {expected}
