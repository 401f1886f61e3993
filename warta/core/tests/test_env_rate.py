"""Rate limits in the environment: WARTA_COMPLAINT_RATE_LIMIT and WARTA_SKM_RATE_LIMIT, written
COUNT/SECONDS, become settings.COMPLAINT_RATE_LIMIT and settings.SKM_RATE_LIMIT; a bad value stops
the start with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from warta.core.env import env_rate

ROOT = Path(__file__).resolve().parents[3]


def test_count_and_seconds(monkeypatch):
    monkeypatch.setenv("WARTA_X_LIMIT", " 3/60 ")
    assert env_rate("WARTA_X_LIMIT", (10, 600)) == (3, 60)
    monkeypatch.setenv("WARTA_X_LIMIT", "")
    assert env_rate("WARTA_X_LIMIT", (10, 600)) == (10, 600)
    monkeypatch.delenv("WARTA_X_LIMIT")
    assert env_rate("WARTA_X_LIMIT", (10, 600)) == (10, 600)


@pytest.mark.parametrize("raw", ["10", "10/", "/600", "0/600", "10/0", "ten/600", "10/600/5", "-1/600"])
def test_a_bad_limit_is_refused_by_name(monkeypatch, raw):
    monkeypatch.setenv("WARTA_X_LIMIT", raw)
    with pytest.raises(ImproperlyConfigured, match="WARTA_X_LIMIT"):
        env_rate("WARTA_X_LIMIT", (10, 600))


def settings_with(tmp_path, **env) -> str:
    code = "import warta.settings as s; print(s.COMPLAINT_RATE_LIMIT, s.SKM_RATE_LIMIT)"
    environment = {k: v for k, v in os.environ.items() if not k.endswith("_RATE_LIMIT")}
    environment.update(WARTA_VAR_DIR=str(tmp_path), **env)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    return done.stdout.strip() or done.stderr


def test_the_settings_read_the_environment(tmp_path):
    assert settings_with(tmp_path) == "(10, 600) (20, 600)"
    assert (
        settings_with(tmp_path, WARTA_COMPLAINT_RATE_LIMIT="3/60", WARTA_SKM_RATE_LIMIT="50/3600")
        == "(3, 60) (50, 3600)"
    )
    assert "WARTA_COMPLAINT_RATE_LIMIT" in settings_with(tmp_path, WARTA_COMPLAINT_RATE_LIMIT="lots")
