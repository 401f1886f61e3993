"""Shared start of every benchmark: a temporary SQLite database (unless DATABASE_URL is set when
`keep_database_url` is true), production-like settings, quiet logs, then django.setup()."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(name: str, *, keep_database_url: bool = False) -> Path:
    """Point Django at a fresh database in a temporary folder and start it; returns the folder."""
    sys.path.insert(0, str(ROOT))
    tmp = Path(tempfile.mkdtemp(prefix=f"warta-bench-{name}-"))
    if not (keep_database_url and os.environ.get("DATABASE_URL")):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "warta.settings"
    os.environ.setdefault("WARTA_VAR_DIR", str(tmp / "var"))
    os.environ.setdefault("WARTA_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    return tmp
