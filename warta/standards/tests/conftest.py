from __future__ import annotations

from pathlib import Path

import pytest

from warta.standards.importer import import_standard
from warta.standards.tests.real_standard import REAL


@pytest.fixture
def real_text() -> str:
    return REAL.read_text(encoding="utf-8")


@pytest.fixture
def real_path() -> Path:
    return REAL


@pytest.fixture
def imported(db, real_text):
    """The office's real standard, imported."""
    return import_standard(real_text, file_name=REAL.name)
