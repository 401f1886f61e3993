"""A refused page (403) logs one line, without a traceback, once."""

from __future__ import annotations

import logging

import pytest

pytestmark = pytest.mark.django_db(transaction=False)


def test_a_403_logs_one_line_without_a_traceback(caplog, login, office, pemohon):
    with caplog.at_level(logging.INFO):
        response = login(pemohon).get("/pelanggaran/")
    assert response.status_code == 403
    forbidden = [r for r in caplog.records if "Forbidden" in r.getMessage()]
    assert [r.getMessage() for r in forbidden] == ["Forbidden (Permission denied): /pelanggaran/"]
    assert forbidden[0].exc_info is None and not forbidden[0].exc_text
    assert "Traceback" not in caplog.text


def test_a_403_reaches_one_handler_only():
    """The record leaves through the root's console handler and no other stream handler."""
    streams = [
        h
        for name in ("django", "django.request")
        for h in logging.getLogger(name).handlers
        if isinstance(h, logging.StreamHandler)
    ]
    assert streams == []


def test_a_500_keeps_its_traceback():
    from warta.core.logs import ForbiddenOneLine

    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None)
        record.exc_info = sys.exc_info()
        record.status_code = 500
    assert ForbiddenOneLine().filter(record) is True
    assert record.exc_info is not None
