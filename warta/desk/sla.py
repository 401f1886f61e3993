"""The desk's use of the clock: where a request's service-level columns change."""

from __future__ import annotations

import datetime as dt

from warta.clock import services as clock
from warta.clock.calendar import WorkCalendar, working_time_between
from warta.desk.models import PublicationRequest


def start(req: PublicationRequest) -> None:
    """On submit: the clock runs from the time of receipt, in the office's working time."""
    policy = clock.get_policy(req.service, "publication")
    req.start_sla(policy, req.received_at)


def pause(req: PublicationRequest, at: dt.datetime) -> None:
    req.pause_sla(at)


def resume(req: PublicationRequest, at: dt.datetime) -> None:
    req.resume_sla(at)


def scheduled(req: PublicationRequest, at: dt.datetime) -> None:
    """Scheduling for a wished time later than the deadline, before the deadline, meets the promise."""
    if req.sla_closed_at or not req.due_at:
        return
    if req.publish_at and req.publish_at > req.due_at and at <= req.due_at:
        req.close_sla(at, met=True)


def unscheduled(req: PublicationRequest) -> None:
    """Taking a schedule back reopens a clock that the schedule had closed."""
    if req.sla_closed_at:
        req.sla_closed_at = None
        req.sla_outcome = ""


def close(req: PublicationRequest, at: dt.datetime, outcome: str) -> None:
    """Publish, reject ("by_due": met when before the deadline) or cancel ("void")."""
    if outcome == "void":
        req.close_sla(at, met=None)
    elif not req.sla_closed_at:
        if req.due_at is None:  # a draft never started its clock
            req.close_sla(at, met=None)
        else:
            req.close_sla(at, met=at <= req.due_at)
    clock.settle_breach(req, at)


# --- each step's working time, stored on its event (the evaluation sums these in the database) --


def split_minutes(cal: WorkCalendar, since: dt.datetime, at: dt.datetime, *, paused: bool) -> tuple[int, int]:
    """(working minutes, paused minutes) of the stretch from `since` to `at`: the working time of the
    office calendar, all of it paused when the clock stood still over the stretch (the office waited
    for the applicant). Whole minutes, rounded down."""
    minutes = int(working_time_between(cal, since, at).total_seconds() // 60)
    return (0, minutes) if paused else (minutes, 0)


def step_fields(req: PublicationRequest, now: dt.datetime, is_new: bool) -> dict[str, int]:
    """The event's `working_minutes` and `paused_minutes`: the time the request spent in the status it
    leaves, from the previous step (the first step: from the time of receipt). Read before the action
    changes the clock: a request paused for completion has been paused since the previous step."""
    from warta.desk.models import Event

    previous = None
    if not is_new:
        previous = Event.objects.filter(request=req).order_by("-at", "-pk").values_list("at", flat=True).first()
    since = previous or req.received_at
    working, paused = split_minutes(req.sla_calendar(), since, now, paused=req.paused_at is not None)
    return {"working_minutes": working, "paused_minutes": paused}
