"""Complaints implement the clock's timer interface: warnings at 50 / 80 / 100 % of the tier's time.

Warnings and breaches name the number only (never the complainant) and go to whoever holds the
complaint and the officer; at the deadline pimpinan too, and a breach is recorded in the register.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from warta.accounts import roles
from warta.complaints.holders import holders, step_name
from warta.complaints.models import OPEN_STATUSES, Complaint


def _holders(c: Complaint) -> tuple[list[Any], str | None]:
    people, role = holders(c)
    officers = list(roles.users_with_role(roles.PENGELOLA_PENGADUAN).order_by("pk"))
    seen = {p.pk for p in people}
    return people + [o for o in officers if o.pk not in seen], role


def superiors(_c: Any = None) -> list[Any]:
    """The officer's superiors: pimpinan."""
    return list(roles.users_with_role(roles.PIMPINAN).order_by("pk"))


def _label(c: Complaint) -> str:
    return c.number


def _url(c: Complaint) -> str:
    return c.get_absolute_url()


def register_watches() -> None:
    from warta.clock import watch

    watch.register(
        watch.Watch(
            model=Complaint,
            active=Q(status__in=OPEN_STATUSES) & watch.SLA_RUNNING,
            moments=watch.DEFAULT_MOMENTS,
            holders=_holders,
            superiors=superiors,
            label=_label,
            url=_url,
            step=step_name,
            # Complaint breaches are judged by the complaints officer, not the publication's supervisors.
            judges=frozenset({roles.PENGELOLA_PENGADUAN}),
        )
    )
