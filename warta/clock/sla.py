"""The service-level clock of one item, over its stored columns (see `SlaTracked`).

Pure functions: they take the item (anything with SlaTracked's attributes) and a calendar, change
the attributes, and never save. `SlaTracked`'s methods call them with the office calendar.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.utils.translation import gettext_lazy as _

from warta.clock.calendar import ZERO, WorkCalendar, add_working_time, next_opening, working_time_between
from warta.clock.policy import Policy, deadline

# The one registry of the service-level states: the API schema, the badges, the home page's counts
# and the database conditions (`services.sla_state_q`) all read it.
ON_TRACK, AT_RISK, BREACHED, PAUSED = "on_track", "at_risk", "breached", "paused"
MET, MISSED, VOID = "met", "missed", "void"  # the closed ones: SlaOutcome's values
STATE_LABELS: dict[str, Any] = {
    ON_TRACK: _("Sesuai waktu"),
    AT_RISK: _("Hampir lewat"),
    BREACHED: _("Lewat tenggat"),
    PAUSED: _("Dijeda (menunggu pemohon)"),
    MET: _("Tepat waktu"),
    MISSED: _("Terlambat"),
    VOID: _("Tanpa tenggat"),
}
STATES = tuple(STATE_LABELS)
OPEN_STATES = (ON_TRACK, AT_RISK, BREACHED, PAUSED)  # a clock still running, or paused
HALF_SHARE = 0.5  # the first warning, at half the allowed time
AT_RISK_SHARE = 0.8  # "at risk" from 80 % of the allowed time


def start(item: Any, cal: WorkCalendar, policy: Policy, at: dt.datetime) -> None:
    """Start the clock at `at` (outside working time: at the next opening)."""
    effective = at if policy.is_clock else next_opening(cal, at)
    due = deadline(cal, policy, at)
    allowed = working_time_between(cal, effective, due)
    item.sla_started_at = effective
    item.sla_allowed_seconds = int(allowed.total_seconds())
    item.due_at = due
    item.half_at = add_working_time(cal, effective, allowed * HALF_SHARE)
    item.at_risk_at = add_working_time(cal, effective, allowed * AT_RISK_SHARE)
    item.paused_at = None
    item.paused_seconds = 0
    item.sla_closed_at = None
    item.sla_outcome = ""
    item.half_notified_at = None
    item.at_risk_notified_at = None
    item.due_notified_at = None


def pause(item: Any, at: dt.datetime) -> None:
    """Stop the clock (the office waits for the applicant). Pausing twice keeps the first moment."""
    if item.paused_at is None and item.sla_closed_at is None:
        item.paused_at = at


def resume(item: Any, cal: WorkCalendar, at: dt.datetime) -> dt.timedelta:
    """Restart the clock: the deadline and the warning moments move by the working time paused."""
    if item.paused_at is None:
        return ZERO
    paused = working_time_between(cal, item.paused_at, at)
    for name in ("due_at", "half_at", "at_risk_at"):
        moment = getattr(item, name)
        if moment is not None and paused > ZERO:
            setattr(item, name, add_working_time(cal, moment, paused))
    item.paused_seconds = (item.paused_seconds or 0) + int(paused.total_seconds())
    item.paused_at = None
    return paused


def close(item: Any, cal: WorkCalendar, at: dt.datetime, met: bool | None) -> None:
    """Stop the clock for good: met, missed, or void (None: cancelled, no service level)."""
    from warta.clock.models import SlaOutcome

    if item.paused_at is not None:
        resume(item, cal, at)
    item.sla_closed_at = at
    item.sla_outcome = SlaOutcome.VOID if met is None else (SlaOutcome.MET if met else SlaOutcome.MISSED)


def used_time(item: Any, cal: WorkCalendar, now: dt.datetime) -> dt.timedelta:
    """Working time used so far, pauses excluded."""
    if item.sla_started_at is None:
        return ZERO
    end = item.sla_closed_at or item.paused_at or now
    used = working_time_between(cal, item.sla_started_at, end) - dt.timedelta(seconds=item.paused_seconds or 0)
    return max(used, ZERO)


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def state(item: Any, now: dt.datetime) -> str:
    if item.sla_closed_at is not None:
        return item.sla_outcome or VOID
    if item.due_at is None:
        return VOID
    if item.paused_at is not None:
        return PAUSED
    if now >= item.due_at:
        return BREACHED
    if item.at_risk_at is not None and now >= item.at_risk_at:
        return AT_RISK
    return ON_TRACK


def summary(item: Any, cal: WorkCalendar, now: dt.datetime) -> dict:
    """{state, used_minutes, left_minutes} in working minutes; `left` is negative once breached."""
    current = state(item, now)
    if item.due_at is None:
        return {"state": current, "used_minutes": 0, "left_minutes": 0}
    used = used_time(item, cal, now).total_seconds()
    left = (item.sla_allowed_seconds or 0) - used
    if current == BREACHED:
        # Past due: how late, in working time (the allowed time may have been stretched by pauses).
        left = -working_time_between(cal, item.due_at, now).total_seconds()
    return {
        "state": current,
        "used_minutes": math.floor(used / 60),
        "left_minutes": math.floor(left / 60),
    }
