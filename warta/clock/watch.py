"""The timers: warnings at stored moments, each claimed once by a conditional update.

An owner app (the desk, later complaints) describes its items with a `Watch` and registers it in
its AppConfig.ready(); the clock never imports it. `run_due()` (looped by `manage.py run_timers`)
finds every row whose moment has come and whose claim column is empty, claims it with
`UPDATE ... SET claimed = now WHERE pk = ? AND claimed IS NULL` and, only when that update took the
row, notifies: the holders at 50 % and 80 %, the superiors too at the deadline, where a Breach is
recorded. Claim and notices share one transaction and the e-mails leave after its commit, so
several workers, or a worker restarted, never warn twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from warta.accounts import roles
from warta.core.templatetags.warta import waktu
from warta.notify import send
from warta.notify.models import Notice

log = logging.getLogger(__name__)

# How many rows one moment may claim in one pass (the next pass takes the rest).
BATCH = 200


@dataclass(frozen=True)
class Moment:
    kind: str  # "half", "at_risk", "due", or item-specific e.g. "publish_reminder"
    at_field: str  # e.g. "half_at"
    claimed_field: str  # e.g. "half_notified_at"
    notify_superiors: bool = False  # True for "due"
    breach: bool = False  # True for "due": create a Breach record


@dataclass(frozen=True)
class Watch:
    model: type[models.Model]
    active: Q  # rows whose timers run (open and not paused)
    moments: tuple[Moment, ...]
    holders: Callable[[Any], tuple[list[Any], str | None]]  # (people, role name if only a role holds it)
    superiors: Callable[[Any], list[Any]]
    label: Callable[[Any], str]  # "PUB-2026-00001 — Judul"
    url: Callable[[Any], str]  # path of the item's page
    step: Callable[[Any], str]  # name of the current step, for the breach record
    # Optional custom text per moment kind: a text, or (msgid, parameters) to show it in the reader's language.
    message: Callable[[Any, str], str | tuple[str, dict[str, str]]] | None = None
    # What the item's notices are about; the owner resolves them when the item's step is taken.
    topic: Callable[[Any], str] | None = None
    # The roles that judge this kind's breaches in the register (justified, or a person's violation).
    judges: frozenset[str] = roles.SUPERVISORS


DEFAULT_MOMENTS = (
    Moment("half", "half_at", "half_notified_at"),
    Moment("at_risk", "at_risk_at", "at_risk_notified_at"),
    Moment("due", "due_at", "due_notified_at", notify_superiors=True, breach=True),
)
# The rows of an SlaTracked model whose clock runs.
SLA_RUNNING = Q(sla_closed_at__isnull=True, paused_at__isnull=True, due_at__isnull=False)

_registry: list[Watch] = []


def register(watch: Watch) -> None:
    """Adds a watch; called from an AppConfig.ready(). Registering again the same model with the
    same moments replaces the earlier watch (ready() may run twice), so a model may have several
    watches over different moments."""
    key = _key(watch)
    _registry[:] = [w for w in _registry if _key(w) != key]
    _registry.append(watch)


def _key(watch: Watch) -> tuple[type[models.Model], tuple[str, ...]]:
    return watch.model, tuple(m.claimed_field for m in watch.moments)


def registered() -> tuple[Watch, ...]:
    return tuple(_registry)


def judges_for(model: type[models.Model]) -> frozenset[str]:
    """The roles that judge the breaches of `model`'s items: those its watch names (the supervisors
    when no watch names the model)."""
    for watch in _registry:
        if watch.model is model or (model is not None and issubclass(model, watch.model)):
            return watch.judges
    return roles.SUPERVISORS


def judge_roles() -> frozenset[str]:
    """Every role that judges some kind of breach."""
    return frozenset(roles.SUPERVISORS).union(*(w.judges for w in _registry))


def default_superiors(_item: Any = None) -> list[Any]:
    """The holders' superiors: everyone with the kabid_ikp or pimpinan role (one query)."""
    people = roles.users_with_role(roles.KABID_IKP) | roles.users_with_role(roles.PIMPINAN)
    return list(people.order_by("pk"))


def _unique(people: list[Any]) -> list[Any]:
    seen: set[int] = set()
    result = []
    for person in people:
        if person is not None and person.pk not in seen:
            seen.add(person.pk)
            result.append(person)
    return result


# The warnings' msgids: a notice keeps the msgid and is translated when shown, in the reader's language.
DEFAULT_MESSAGES = {
    "half": gettext_noop("Separuh waktu layanan %(item)s telah terpakai. Tenggat: %(due)s."),
    "at_risk": gettext_noop("80%% waktu layanan %(item)s telah terpakai. Tenggat: %(due)s."),
    "due": gettext_noop("Tenggat layanan %(item)s telah terlewati (%(due)s)."),
}
OTHER_MESSAGE = gettext_noop("%(item)s: %(kind)s")


def default_message_parts(kind: str, label: str, due_at: dt.datetime | None) -> tuple[str, dict[str, str]]:
    """The warning of a moment as (msgid, parameters)."""
    if kind in DEFAULT_MESSAGES:
        return DEFAULT_MESSAGES[kind], {"item": label, "due": waktu(due_at) if due_at else ""}
    return OTHER_MESSAGE, {"item": label, "kind": kind}


def default_message(kind: str, label: str, due_at: dt.datetime | None) -> str:
    message, params = default_message_parts(kind, label, due_at)
    return _(message) % params


LEVELS = {"half": Notice.Level.INFO, "at_risk": Notice.Level.WARNING, "due": Notice.Level.DANGER}


def run_due(now: dt.datetime | None = None) -> int:
    """Claims and sends every warning whose moment has come; returns how many were sent."""
    now = now or timezone.now()
    count = 0
    for watch in registered():
        manager = watch.model._default_manager
        for moment in watch.moments:
            due = Q(**{f"{moment.at_field}__lte": now, f"{moment.claimed_field}__isnull": True})
            pks = list(manager.filter(watch.active, due).order_by(moment.at_field).values_list("pk", flat=True)[:BATCH])
            for pk in pks:
                try:
                    if _claim_and_dispatch(watch, moment, pk, now):
                        count += 1
                except Exception:
                    log.exception("Timer %s of %s #%s failed", moment.kind, watch.model.__name__, pk)
    return count


def _claim_and_dispatch(watch: Watch, moment: Moment, pk: Any, now: dt.datetime) -> bool:
    manager = watch.model._default_manager
    with transaction.atomic():
        claimed = (
            manager.filter(watch.active, pk=pk, **{f"{moment.claimed_field}__isnull": True}).update(
                **{moment.claimed_field: now}
            )
            == 1
        )
        if not claimed:
            return False
        item = manager.get(pk=pk)
        dispatch(watch, moment, item, now)
    return True


def dispatch(watch: Watch, moment: Moment, item: Any, now: dt.datetime) -> None:
    """The warning of one moment for one item (after its claim)."""
    from warta.clock.services import record_breach

    holders, role = watch.holders(item)
    holders = _unique(list(holders))
    recipients = list(holders)
    if moment.notify_superiors:
        recipients = _unique(recipients + list(watch.superiors(item)))
    label = watch.label(item)
    url = watch.url(item)
    step = watch.step(item)
    due_at = getattr(item, "due_at", None)
    message = ""
    params: dict[str, str] = {}
    custom = watch.message(item, moment.kind) if watch.message else None
    if isinstance(custom, str):
        text = custom
    else:
        message, params = custom if custom is not None else default_message_parts(moment.kind, label, due_at)
        text = _(message) % params
    topic = watch.topic(item) if watch.topic else ""
    level = LEVELS.get(moment.kind, Notice.Level.INFO)
    context = {
        "text": text,
        "label": label,
        "kind": moment.kind,
        "due_at": due_at,
        "step": step,
        "link": settings.SITE_URL + url if url.startswith("/") else url,
    }
    for person in recipients:
        send.notice(person, text, url, level, message=message, params=params, topic=topic)
        if person.email:
            send.email(person.email, f"[Warta] {text}"[:200], "clock/email/warning", {**context, "person": person})
    if moment.breach:
        record_breach(
            item,
            label=label,
            url=url,
            step=step,
            holder=holders[0] if len(holders) == 1 and not role else None,
            holder_role=role or "",
            detected_at=now,
        )
