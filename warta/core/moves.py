"""The one pattern for every record that moves (a publication request, a complaint): what they share.

An owner app describes its record with a `Machine` — the table of moves (`Rule`s), one handler per
action, who the caller is acting as, the event model — and calls `perform()`. `perform()` checks the
role against the table, locks the row, checks the status against the table (and the role again, on
the locked row), runs the action's handler (validation and side effects only), writes
`status = the rule's target` and one event row in one transaction, and lets the owner queue its
notices (which leave after commit).

This module knows nothing of any record, role or status; the owner's table is the truth.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NEW = ""  # the status of a record that does not exist yet
PREVIOUS = "<previous>"  # target: back to an earlier status the owner remembers
SAME = "<same>"  # target: the status does not change
SYSTEM = "system"  # the software acting on its own, never a person


@dataclass(frozen=True)
class Rule:
    action: str
    label: object
    actors: frozenset[str]
    sources: frozenset[str]
    target: str  # a status, PREVIOUS or SAME
    data: str


def rule(action: str, label: object, actors: Iterable[str], sources: Iterable[str], target: str, data: object) -> Rule:
    return Rule(action, label, frozenset(actors), frozenset(sources), target, data)  # type: ignore[arg-type]


class TransitionError(Exception):
    status_code = 400

    def __init__(self, message: str = "", errors: Mapping[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors: dict[str, str] = dict(errors or {})


class UnknownAction(TransitionError):
    status_code = 404


class NotPermitted(TransitionError):
    status_code = 403


class WrongStatus(TransitionError):
    status_code = 409


class InvalidData(TransitionError):
    status_code = 422


# handler(locked row, user, data, now) -> (note, event data)
Handler = Callable[[Any, Any, dict[str, Any], dt.datetime], tuple[str, dict[str, Any]]]


@dataclass(frozen=True)
class Machine:
    """How one kind of record moves."""

    model: type[models.Model]
    event_model: type[models.Model]
    event_field: str  # the event's foreign key to the record, e.g. "request"
    rules: Mapping[str, Rule]
    handlers: Mapping[str, Handler]
    # actor_kinds(user, row, contact=..., system=...) -> the names under which the caller may act
    actor_kinds: Callable[..., set[str]]
    status_label: Callable[[str], str]
    wrong_status_message: Any  # a (lazy) text with %(status)s
    contact_label: Any  # who acted when the caller is the tracking-code holder (a lazy text)
    related: tuple[str, ...] = ()  # select_related() on the locked row
    # target(rule, locked row) -> the status written; the default reads the table (SAME: unchanged)
    target: Callable[[Rule, Any], str] | None = None
    # before_save(locked row, rule, current status, target status): the owner's bookkeeping
    before_save: Callable[[Any, Rule, str, str], None] | None = None
    # on_behalf(user, rule, kinds) -> "a.n. …" when acting by delegation
    on_behalf: Callable[[Any, Rule, set[str]], str] = field(default=lambda user, rule, kinds: "")
    # role(user, rule, kinds) -> the role in which the person acted, kept on the event
    role: Callable[[Any, Rule, set[str]], str] = field(default=lambda user, rule, kinds: "")
    # after_event(locked row, event, now): more moves in the same transaction (e.g. a standing order)
    after_event: Callable[[Any, Any, dt.datetime], None] | None = None
    # notify(locked row, event): queue the notices (they leave after commit)
    notify: Callable[[Any, Any], None] | None = None
    # step_fields(locked row, now, is_new) -> more columns of the event, read BEFORE the handler runs
    # (e.g. the working minutes since the previous step, while the clock's pause is still as it was)
    step_fields: Callable[[Any, dt.datetime, bool], dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        assert set(self.handlers) == set(self.rules), "every rule needs a handler"

    def target_status(self, rule: Rule, row: Any) -> str:
        if self.target is not None:
            return self.target(rule, row)
        return row.status if rule.target == SAME else rule.target

    def wrong_status(self, status: str) -> WrongStatus:
        return WrongStatus(str(self.wrong_status_message) % {"status": self.status_label(status) if status else "-"})


def base_kinds(user: Any, *, system: bool = False, contact_kind: str = "") -> set[str]:
    """The names every table shares: the software (`system`), the holder of a tracking code
    (`contact_kind`, as the table calls it), and a signed-in person's roles (a superuser also as admin).
    Each part adds its own (the desk's applicant and assignee, complaints' assignee)."""
    from warta.accounts import roles

    kinds: set[str] = set()
    if system:
        kinds.add(SYSTEM)
    if contact_kind:
        kinds.add(contact_kind)
    if user is None or not user.is_authenticated:
        return kinds
    kinds |= roles.roles_of(user)
    if user.is_superuser:
        kinds.add(roles.ADMIN)  # the system administrator, whatever their groups
    return kinds


def not_permitted() -> NotPermitted:
    return NotPermitted(_("Peran Anda tidak dapat melakukan tindakan ini."))


def get_rule(machine: Machine, action: str) -> Rule:
    found = machine.rules.get(action)
    if found is None:
        raise UnknownAction(_("Tindakan tidak dikenal."))
    return found


def check(machine: Machine, row: Any, action: str, user: Any, *, contact: bool = False, system: bool = False) -> Rule:
    """What `perform()` would refuse for the role and the status, without writing anything."""
    found = get_rule(machine, action)
    if not found.actors & machine.actor_kinds(user, row, contact=contact, system=system):
        raise not_permitted()
    if row.status not in found.sources:
        raise machine.wrong_status(row.status)
    return found


def available(machine: Machine, row: Any, user: Any, *, contact: bool = False) -> list[Rule]:
    """The moves this caller can take now (role and status both allow)."""
    kinds = machine.actor_kinds(user, row, contact=contact)
    return [r for r in machine.rules.values() if r.actors & kinds and row.status in r.sources]


def perform(
    machine: Machine,
    row: Any,
    action: str,
    user: Any,
    data: Mapping[str, Any] | None = None,
    *,
    contact: bool = False,
    system: bool = False,
    actor_label: str = "",
    now: dt.datetime | None = None,
    is_new: bool = False,
    notify: bool = True,
    on_behalf: str = "",
) -> tuple[Any, Any]:
    """Take `action` on `row`; returns (the locked row as written, the event).

    `is_new` marks a row created in the same transaction, recorded as coming from NEW. `on_behalf`
    names whom the software acted for (e.g. the person who started what it finished).
    """
    found = get_rule(machine, action)
    values = dict(data or {})
    kinds = machine.actor_kinds(user, row, contact=contact, system=system)
    if not found.actors & kinds:
        raise not_permitted()
    now = now or timezone.now()
    manager = machine.model._default_manager
    with transaction.atomic():
        query = manager.select_for_update(of=("self",))
        if machine.related:
            query = query.select_related(*machine.related)
        locked: Any = query.get(pk=row.pk)
        current = locked.status
        if current not in found.sources:
            raise machine.wrong_status(current)
        # Re-check the role against the locked row (e.g. the assignee may have changed meanwhile).
        if not found.actors & machine.actor_kinds(user, locked, contact=contact, system=system):
            raise not_permitted()
        step = machine.step_fields(locked, now, is_new) if machine.step_fields is not None else {}
        note, event_data = machine.handlers[action](locked, user, values, now)
        target = machine.target_status(found, locked)
        if machine.before_save is not None:
            machine.before_save(locked, found, current, target)
        locked.status = target
        locked.save()
        authenticated = user is not None and user.is_authenticated
        if not actor_label and not authenticated:
            actor_label = _("Sistem") if system else str(machine.contact_label)
        event = machine.event_model._default_manager.create(
            **{machine.event_field: locked},
            action=action,
            from_status=NEW if is_new else current,
            to_status=locked.status,
            actor=user if authenticated else None,
            actor_label=actor_label,
            on_behalf=on_behalf or machine.on_behalf(user, found, kinds),
            role=machine.role(user, found, kinds),
            at=now,
            note=note,
            data=event_data,
            **step,
        )
        if machine.after_event is not None:
            machine.after_event(locked, event, now)
        if notify and machine.notify is not None:
            machine.notify(locked, event)
    return locked, event


class MoveEvent(models.Model):
    """The shape of one step in a record's append-only timeline; the owner adds the record's key and
    its statuses' choices (`from_status`, `to_status`)."""

    action = models.CharField(gettext_lazy("tindakan"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(
        max_length=200, blank=True, help_text=gettext_lazy("Nama pelaku bila bukan pengguna.")
    )
    on_behalf = models.CharField(gettext_lazy("atas nama"), max_length=200, blank=True)
    # The role in which the person acted ("kabid_ikp", "pemohon", "contact"…): a timeline for
    # outsiders names the office's steps by it, never by the person.
    role = models.CharField(gettext_lazy("sebagai"), max_length=30, blank=True)
    at = models.DateTimeField(gettext_lazy("waktu"))
    note = models.TextField(gettext_lazy("catatan"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    @property
    def actor_name(self) -> str:
        if self.actor_id and self.actor:  # type: ignore[attr-defined]
            return str(self.actor.display_name)  # type: ignore[attr-defined]
        return self.actor_label
