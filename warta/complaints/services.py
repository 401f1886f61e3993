"""Closing answered complaints whose reopening window has passed (10 working days after the answer)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from warta.complaints import transitions
from warta.complaints.models import Complaint, Status


def close_expired(now: dt.datetime | None = None) -> list[str]:
    """Close, as the software, every answered complaint not reopened in time; returns their numbers."""
    now = now or timezone.now()
    closed = []
    for complaint in Complaint.objects.filter(status=Status.ANSWERED, reopen_until__lt=now).order_by("reopen_until"):
        try:
            transitions.perform(
                complaint,
                "close",
                None,
                {"note": _("Ditutup otomatis: tidak dibuka kembali dalam 10 hari kerja.")},
                system=True,
                now=now,
            )
        except transitions.WrongStatus:  # reopened or closed meanwhile
            continue
        closed.append(complaint.number)
    return closed
