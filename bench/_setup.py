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


def fill_survey(service, rows: int, year: int) -> None:
    """`rows` survey answers spread over `year`, with a realistic spread of answers and profiles."""
    import datetime as dt
    import random

    from django.db import transaction
    from django.utils import timezone

    from warta.survey.elements import ELEMENT_CODES, Education, Occupation
    from warta.survey.models import Response

    rng = random.Random(14_2017)
    now = timezone.now()
    start = dt.date(year, 1, 1)
    batch = [
        Response(
            service=service,
            surveyed_on=start + dt.timedelta(days=i % 365),
            submitted_at=now,
            source="online" if i % 4 else "paper",
            way="open",
            sex=rng.choice("LP"),
            age=rng.randint(15, 75),
            education=rng.choice(Education.values),
            occupation=rng.choice(Occupation.values),
            suggestion="Pelayanan cepat, pertahankan." if i % 50 == 0 else "",
            **{code: rng.choices((1, 2, 3, 4), weights=(1, 3, 10, 8))[0] for code in ELEMENT_CODES},
        )
        for i in range(rows)
    ]
    with transaction.atomic():
        for chunk in range(0, len(batch), 5000):
            Response.objects.bulk_create(batch[chunk : chunk + 5000])
