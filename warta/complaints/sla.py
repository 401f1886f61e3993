"""The complaints' use of the clock: the tiers' deadlines through the clock's `get_policy`."""

from __future__ import annotations

import datetime as dt

from warta.clock import services as clock
from warta.clock.policy import Policy, deadline
from warta.complaints.models import Complaint, Tier


def policy(complaint: Complaint, tier: str) -> Policy:
    return clock.get_policy(complaint.service, clock.TIER_KEYS[tier])


def tier_deadline(complaint: Complaint, tier: str, start: dt.datetime) -> dt.datetime:
    rule = policy(complaint, tier)
    cal = clock.get_calendar(rule.is_clock or complaint.sla_around_the_clock())
    return deadline(cal, rule, start)


def strictest_tier(complaint: Complaint, start: dt.datetime) -> str:
    """The tier whose deadline from `start` comes first (the provisional tier until classified)."""
    order = list(Tier.values)
    return min(order, key=lambda tier: (tier_deadline(complaint, tier, start), order.index(tier)))


def start(complaint: Complaint, tier: str, at: dt.datetime) -> None:
    """The tier's time from `at` (receipt, or a reopening)."""
    complaint.start_sla(policy(complaint, tier), at)


def pause(complaint: Complaint, at: dt.datetime) -> None:
    complaint.pause_sla(at)


def resume(complaint: Complaint, at: dt.datetime) -> None:
    complaint.resume_sla(at)


def close(complaint: Complaint, at: dt.datetime) -> None:
    """Answered, forwarded or acknowledged: met when before the deadline."""
    if complaint.sla_closed_at is None:
        complaint.close_sla(at, met=None if complaint.due_at is None else at <= complaint.due_at)
    clock.settle_breach(complaint, at)


REOPEN_WORKING_DAYS = 10


def reopen_until(complaint: Complaint, answered_at: dt.datetime) -> dt.datetime:
    """The close of work on the 10th working day after the answer."""
    from warta.clock.calendar import add_working_days

    return add_working_days(clock.get_calendar(False), answered_at, REOPEN_WORKING_DAYS)
