"""A complaint's timeline for each audience, from one table.

Audiences: "office" (those who may see the complaint), "complainant" (the tracking page, with the
code). For each action the table says whether the complainant sees the step and its note; the
office sees every step. No audience but the office ever sees who acted, and the complainant's own
identity is never shown on the tracking page.
"""

from __future__ import annotations

from dataclasses import dataclass

from warta.complaints.models import Complaint, ComplaintEvent, Status
from warta.complaints.rules import RULES

OFFICE = "office"
COMPLAINANT = "complainant"


@dataclass(frozen=True)
class Seen:
    step: bool  # the step is shown
    note: bool  # its note (and, for an answer, the text) is shown


HIDDEN = Seen(step=False, note=False)

# action → what the complainant sees. The office sees everything.
COMPLAINANT_VIEW: dict[str, Seen] = {
    "receive": Seen(step=True, note=False),
    "classify": Seen(step=True, note=False),
    "assign": Seen(step=True, note=False),
    "request_info": Seen(step=True, note=True),  # the question is for the complainant
    "provide_info": Seen(step=True, note=True),
    "consult": HIDDEN,
    "reply_consult": HIDDEN,  # the staff's facts are for the team
    "answer": HIDDEN,  # a draft until approved and delivered
    "approve": HIDDEN,
    "return": HIDDEN,
    "deliver": Seen(step=True, note=True),
    "close": Seen(step=True, note=False),
    "acknowledge": Seen(step=True, note=True),
    "reopen": Seen(step=True, note=True),
    "forward": Seen(step=True, note=True),
}
assert set(COMPLAINANT_VIEW) == set(RULES), "every move needs a line in the audience table"


@dataclass(frozen=True)
class Entry:
    action: str
    label: str
    status: str
    at: object
    actor: str
    note: str
    answer: str


def entries(c: Complaint, audience: str) -> list[Entry]:
    events = ComplaintEvent.objects.filter(complaint=c).select_related("actor").order_by("at", "pk")
    result: list[Entry] = []
    for event in events:
        seen = Seen(step=True, note=True) if audience == OFFICE else COMPLAINANT_VIEW.get(event.action, HIDDEN)
        if not seen.step:
            continue
        answer = str(event.data.get("text") or "") if event.action in ("deliver", "answer") else ""
        result.append(
            Entry(
                action=event.action,
                label=str(RULES[event.action].label) if event.action in RULES else event.action,
                status=str(Status(event.to_status).label) if event.to_status else "",
                at=event.at,
                actor=event.actor_name if audience == OFFICE else "",
                note=event.note if seen.note else "",
                answer=answer if seen.note else "",
            )
        )
    return result
