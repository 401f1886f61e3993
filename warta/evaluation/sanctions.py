"""Violations and sanctions: the standard's guarantee ("Jaminan Pelayanan" b.).

"Apabila terjadi pelanggaran terhadap standar pelayanan yang dilakukan oleh pelaksana pelayanan akan
diberikan sanksi, yaitu mulai dari teguran lisan, teguran tertulis dan seterusnya, sesuai jenis/bobot
pelanggaran dan ketentuan yang berlaku."

A violation is a breach the clock's register judged a violation by a named person (the clock stores
the judgement; this part reads it). A sanction is proposed by the kabid_ikp for a violation (or for a
person), and decided or declined by pimpinan with the date. The ladder below orders the levels: the
proposal form starts at the rung after the person's highest decided sanction; the kabid may choose
another level by the weight of the violation (the standard's "sesuai jenis/bobot pelanggaran").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from warta.accounts import roles
from warta.clock.models import Breach
from warta.evaluation.models import Sanction
from warta.notify import send
from warta.todos import services as todos

Level = Sanction.Level
Status = Sanction.Status

# The standard's ladder, lightest first.
LADDER: tuple[str, ...] = (Level.VERBAL, Level.WRITTEN, Level.FURTHER)

PROPOSED = gettext_noop("Usulan sanksi %(level)s untuk %(person)s menunggu keputusan Anda.")
DECIDED = gettext_noop("Sanksi %(level)s untuk %(person)s ditetapkan.")
DECLINED = gettext_noop("Usulan sanksi %(level)s untuk %(person)s ditolak.")


def next_level(person: Any) -> str:
    """The rung after the person's highest decided sanction (the first rung when there is none;
    the last rung repeats)."""
    given = set(Sanction.objects.filter(person=person, status=Status.DECIDED).values_list("level", flat=True))
    highest = max((LADDER.index(level) for level in given if level in LADDER), default=-1)
    return LADDER[min(highest + 1, len(LADDER) - 1)]


def ladder(person: Any) -> list[dict[str, Any]]:
    """The ladder as shown beside a person: each level, whether given, and which comes next."""
    given = set(Sanction.objects.filter(person=person, status=Status.DECIDED).values_list("level", flat=True))
    following = next_level(person)
    return [
        {"level": level, "label": Level(level).label, "given": level in given, "next": level == following}
        for level in LADDER
    ]


def violations_of(person: Any) -> QuerySet[Breach]:
    return Breach.objects.filter(violator=person).select_related("violation_judged_by").order_by("-due_at")


def sanctions_of(person: Any) -> QuerySet[Sanction]:
    return Sanction.objects.filter(person=person).select_related("breach", "proposed_by", "decided_by")


def topic(sanction: Sanction) -> str:
    return f"evaluation.sanction:{sanction.pk}"


class NotProposed(Exception):
    """The sanction was decided meanwhile."""


class AlreadySanctioned(Exception):
    """The violation has a sanction proposed or decided already."""


def propose(
    *, person: Any, level: str, reason: str, by: Any, breach: Breach | None = None, further_detail: str = ""
) -> Sanction:
    """The kabid's proposal; pimpinan find it on their to-do list and among their notices."""
    try:
        with transaction.atomic():
            sanction = Sanction.objects.create(
                person=person,
                breach=breach,
                level=level,
                further_detail=further_detail if level == Level.FURTHER else "",
                reason=reason,
                proposed_by=by,
                proposed_at=timezone.now(),
            )
    except IntegrityError as error:
        raise AlreadySanctioned from error
    params = {"level": str(Level(level).label), "person": str(person.display_name)}
    url = sanction.get_absolute_url()
    todos.add(
        topic(sanction),
        kind=todos.Todo.Kind.OTHER,
        title=_(PROPOSED) % params,
        url=url,
        role=roles.PIMPINAN,
    )
    for head in roles.users_with_role(roles.PIMPINAN).order_by("pk"):
        send.notice(head, url=url, message=PROPOSED, params=params, topic=topic(sanction))
    return sanction


def decide(
    sanction: Sanction,
    *,
    by: Any,
    decided: bool,
    on: dt.date,
    note: str = "",
    letter_number: str = "",
) -> Sanction:
    """Pimpinan decide (or decline) a proposal, once: a conditional update on a proposed sanction."""
    status = Status.DECIDED if decided else Status.DECLINED
    with transaction.atomic():
        changed = Sanction.objects.filter(pk=sanction.pk, status=Status.PROPOSED).update(
            status=status,
            decided_by=by,
            decided_on=on,
            decided_at=timezone.now(),
            decision_note=note,
            letter_number=letter_number if decided else "",
        )
        if not changed:
            raise NotProposed
        sanction.refresh_from_db()
        todos.settle(topic(sanction), by=by)
        send.resolve(topic(sanction))
        params = {"level": str(sanction.get_level_display()), "person": str(sanction.person.display_name)}
        message = DECIDED if decided else DECLINED
        url = sanction.get_absolute_url()
        people = [sanction.proposed_by] + ([sanction.person] if decided else [])
        for person in {p.pk: p for p in people}.values():
            send.notice(person, url=url, message=message, params=params)
    return sanction
