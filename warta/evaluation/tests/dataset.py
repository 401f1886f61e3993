"""A small fixed data set for the evaluation's figures, built through the desk's real intake and
transition function (so each event's working minutes are the ones the desk writes), with every
expected figure computed by hand in the comments.

Office hours (the default calendar, Asia/Jakarta): Monday–Thursday 07:30–12:00 and 13:00–16:00,
Friday 07:30–11:30 and 13:00–16:30. The service level: one working hour.

November 2026 (received, office time):
  A Tue 3 Nov 08:00 web, dinkes, [instagram, facebook]: dispose 08:10 (10), assign 08:30 (20),
    publish 08:50 (20) → 50 minutes, due 09:00: met.
  B Tue 3 Nov 09:00 whatsapp, the UPT, [instagram]: dispose 09:10 (10), assign 09:20 (10), sent back
    for completion 09:30 (10 in assigned), resubmitted 10:30 (60 paused), publish 10:45 (15) → 45,
    due 10:00 + 60 paused = 11:00: met.
  C Wed 4 Nov 11:30 social media DM, dindik, [facebook]: dispose 11:50 (20), assign 13:20 (10 before the
    break + 20 after = 30), publish 14:00 (40) → 90, due 13:30: published after the deadline.
  D Thu 5 Nov 08:00 web, dinkes, [x]: rejected 08:20 (20 in submitted).
  E Thu 5 Nov 09:00 web, dinkes, [instagram]: cancelled by the applicant 09:05 (5 in submitted).
  F Fri 6 Nov 08:00 web, dinkes, [instagram]: dispose 08:30 (30); open (at the division).
  K Sun 1 Nov 06:00 (31 Oct 23:00 UTC) in person, dinkes, [instagram]: open (submitted).
  A draft of 6 Nov, and L received Tue 1 Dec 00:30 (30 Nov 17:30 UTC): not November's.
October 2026: H Mon 5 Oct 08:00 web, dindik, [instagram]: 5 + 5 + 10 → 20, met.
November 2025: I Mon 3 Nov 2025 08:00 web, dindik, [instagram]: 20 + 20 + 20 → 60, met.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from warta.clock.models import Breach, SlaPolicy
from warta.desk import intake
from warta.desk.models import Channel, PublicationRequest
from warta.desk.transitions import perform

JAKARTA = ZoneInfo("Asia/Jakarta")
LINK = {
    "instagram": "https://www.instagram.com/p/{n}/",
    "facebook": "https://www.facebook.com/dinkominfopbg/posts/{n}",
    "x": "https://x.com/dinkominfoPbg/status/{n}",
}


def at(day: str, clock: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=JAKARTA)


class World:
    def __init__(self, *, org, upt, other_org, pemohon, pimpinan, kabid, staf):
        self.org, self.upt, self.other = org, upt, other_org
        self.pemohon, self.pimpinan, self.kabid, self.staf = pemohon, pimpinan, kabid, staf
        self.requests: dict[str, PublicationRequest] = {}

    def receive(self, key, day, clock, *, org=None, channel=Channel.WEB, platforms=("instagram",), submit=True):
        moment = at(day, clock)
        fields = {
            "title": f"Kegiatan {key}",
            "caption": "Kegiatan pelayanan publik.",
            "platforms": list(platforms),
            "contact_name": "Rina Operator",
            "contact_phone": "081234567890",
            "contact_email": "rina@dinkes.example.go.id",
        }
        with time_machine.travel(moment, tick=False):
            req = intake.create_request(
                user=self.kabid,
                organization=org or self.org,
                channel=channel,
                received_at=moment,
                fields=fields,
                submit=submit,
            )
        self.requests[key] = req
        return req

    def act(self, key, action, user, day, clock, data=None, **kwargs):
        req = PublicationRequest.objects.get(pk=self.requests[key].pk)
        perform(req, action, user, data or {}, now=at(day, clock), notify=False, **kwargs)

    def through(self, key, day, dispose, assign, publish):
        self.act(key, "dispose", self.pimpinan, day, dispose)
        self.act(key, "assign", self.kabid, day, assign, {"assignee": self.staf.username, "instruction": "Tayangkan."})
        self.publish(key, day, publish)

    def publish(self, key, day, clock):
        req = self.requests[key]
        links = {p: LINK[p].format(n=req.number.lower()) for p in req.platforms}
        self.act(key, "publish", self.staf, day, clock, {"links": links})


def build(**people) -> World:
    SlaPolicy.objects.create(key=SlaPolicy.Key.PUBLICATION, amount=1, unit="working_hours")
    w = World(**people)
    w.receive("A", "2026-11-03", "08:00", platforms=("instagram", "facebook"))
    w.through("A", "2026-11-03", "08:10", "08:30", "08:50")

    w.receive("B", "2026-11-03", "09:00", org=w.upt, channel=Channel.WHATSAPP)
    w.act("B", "dispose", w.pimpinan, "2026-11-03", "09:10")
    w.act("B", "assign", w.kabid, "2026-11-03", "09:20", {"assignee": w.staf.username, "instruction": "Tayangkan."})
    w.act("B", "request_completion", w.staf, "2026-11-03", "09:30", {"note": "Kirim foto resolusi tinggi."})
    w.act("B", "resubmit", w.pemohon, "2026-11-03", "10:30")
    w.publish("B", "2026-11-03", "10:45")

    w.receive("C", "2026-11-04", "11:30", org=w.other, channel=Channel.SOCIAL_DM, platforms=("facebook",))
    w.through("C", "2026-11-04", "11:50", "13:20", "14:00")

    w.receive("D", "2026-11-05", "08:00", platforms=("x",))
    w.act("D", "reject", w.kabid, "2026-11-05", "08:20", {"reason": "out_of_scope", "note": "Di luar lingkup."})
    w.receive("E", "2026-11-05", "09:00")
    w.act("E", "cancel", None, "2026-11-05", "09:05", contact=True)
    w.receive("F", "2026-11-06", "08:00")
    w.act("F", "dispose", w.pimpinan, "2026-11-06", "08:30")
    w.receive("K", "2026-11-01", "06:00", channel=Channel.IN_PERSON)
    w.receive("draft", "2026-11-06", "09:00", submit=False)
    w.receive("L", "2026-12-01", "00:30")

    w.receive("H", "2026-10-05", "08:00", org=w.other)
    w.through("H", "2026-10-05", "08:05", "08:10", "08:20")
    w.receive("I", "2025-11-03", "08:00", org=w.other)
    w.through("I", "2025-11-03", "08:20", "08:40", "09:00")
    return w


def breach(req: PublicationRequest, month: dt.date, **extra) -> Breach:
    from django.contrib.contenttypes.models import ContentType

    due = req.due_at or at("2026-11-04", "13:30")
    return Breach.objects.create(
        content_type=ContentType.objects.get_for_model(req),
        object_id=str(req.pk),
        label=req.number,
        step="publish",
        due_at=due,
        detected_at=due,
        month=month,
        **extra,
    )
