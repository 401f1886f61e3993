"""Personal data (UU 27/2022): one registry of the parts that hold someone's contact data.

Each part that keeps personal data registers a holder in its `AppConfig.ready()` (the desk's
requests, the survey's answers, the notices and accounts; complaints and conversations when they
exist). A holder answers two questions:

- `export(person)`: everything it holds about one person (found by phone or e-mail), as JSON-ready
  dicts, for a data-subject request (`manage.py export_contact`);
- `anonymise(closed_before, dry_run)`: replace the contact data of records closed before that
  moment, keeping the records themselves (`manage.py anonymise_contacts`); returns how many.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

# What replaces a name that was anonymised (the phone and e-mail become empty).
ANONYMISED = "[dianonimkan]"


@dataclass(frozen=True)
class Person:
    """Who a data-subject request is about: a phone number (as typed) and/or an e-mail address."""

    phone: str = ""
    email: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "phone", self.phone.strip())
        object.__setattr__(self, "email", self.email.strip().lower())


class ContactHolder(Protocol):
    name: str  # "desk.requests": the key of its part in the export

    def export(self, person: Person) -> list[dict[str, Any]]: ...

    def anonymise(self, closed_before: dt.datetime, dry_run: bool = False) -> int: ...


_holders: dict[str, ContactHolder] = {}


def register(holder: ContactHolder) -> None:
    _holders[holder.name] = holder


def holders() -> list[ContactHolder]:
    return [_holders[name] for name in sorted(_holders)]


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same moment `months` calendar months earlier (the 31st becomes the month's last day)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def export_contact(person: Person) -> dict[str, list[dict[str, Any]]]:
    return {holder.name: holder.export(person) for holder in holders()}


def anonymise_contacts(closed_before: dt.datetime, dry_run: bool = False) -> dict[str, int]:
    return {holder.name: holder.anonymise(closed_before, dry_run) for holder in holders()}


def iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None
