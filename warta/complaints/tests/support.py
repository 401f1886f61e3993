"""Making complaints in a given status for tests, through the one transition function."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from warta.complaints import intake, transitions
from warta.complaints.models import Complaint, Kind

# The moves that bring a new complaint to each status (the officer "pengelola", the team member "tim").
PATH: dict[str, list[tuple[str, str, dict]]] = {
    "received": [],
    "classified": [("classify", "officer", {"tier": "normative", "category": "pelayanan"})],
}
PATH["in_progress"] = [*PATH["classified"], ("assign", "officer", {"assignee": "tim"})]
PATH["needs_info"] = [*PATH["in_progress"], ("request_info", "tim", {"note": "Di loket mana?"})]
PATH["awaiting_approval"] = [*PATH["in_progress"], ("answer", "tim", {"text": "Terima kasih, sudah kami perbaiki."})]
PATH["answered"] = [
    *PATH["awaiting_approval"],
    ("approve", "officer", {}),
    ("deliver", "officer", {"channel": "email"}),
]
PATH["closed"] = [*PATH["answered"], ("close", "officer", {})]
PATH["forwarded"] = [("forward", "officer", {"organization": "Dinas Perhubungan", "note": "Bukan wewenang kami."})]


def make_complaint(
    officer,
    tim,
    status: str = "received",
    *,
    kind: str = Kind.COMPLAINT,
    confidential: bool = False,
    received_at: dt.datetime | None = None,
    approved: bool = False,
    **fields,
) -> Complaint:
    values = {
        "title": "Antrean loket lama",
        "body": "Saya menunggu dua jam di loket pelayanan.",
        "contact_name": "Siti Aminah",
        "contact_phone": "081234567890",
        "contact_email": "siti@example.org",
        "confidential": confidential,
        **fields,
    }
    complaint = intake.create_complaint(
        user=officer, kind=kind, channel="web", received_at=received_at or timezone.now(), fields=values
    )
    people = {"officer": officer, "tim": tim}
    for action, who, data in PATH[status]:
        data = {**data, "assignee": tim.username} if action == "assign" else data
        transitions.perform(complaint, action, people[who], data)
    if approved and status == "awaiting_approval":
        transitions.perform(complaint, "approve", officer)
    complaint.refresh_from_db()
    return complaint
