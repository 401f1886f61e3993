"""Logging helpers: a refused request is worth one line, not a traceback."""

from __future__ import annotations

import logging


class ForbiddenOneLine(logging.Filter):
    """Drop the traceback Django attaches to "Forbidden (Permission denied)": a 403 is an answer,
    not a fault. Other records pass unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
