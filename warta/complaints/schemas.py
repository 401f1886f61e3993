"""The shapes of the complaints' JSON API (/api/v1/complaints)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from warta.clock.policy import Unit
from warta.complaints.models import Channel, Complaint, Delivery, Kind, Status, Tier
from warta.complaints.rules import ACTIONS
from warta.core.api_types import MAX_TEXT, Line, Text, line
from warta.core.moves import NEW
from warta.desk.schemas import SlaOut

C = Complaint

if TYPE_CHECKING:
    KindCode = str
    ChannelCode = str
    StatusCode = str
    StepStatusCode = str
    TierCode = str
    DeliveryCode = str
    ActionCode = str
    UnitCode = str
    TierOrBlank = str
else:
    KindCode = Literal[tuple(Kind.values)]
    ChannelCode = Literal[tuple(Channel.values)]
    StatusCode = Literal[tuple(Status.values)]
    StepStatusCode = Literal[(NEW, *Status.values)]
    TierCode = Literal[tuple(Tier.values)]
    DeliveryCode = Literal[tuple(Delivery.values)]
    ActionCode = Literal[ACTIONS]
    UnitCode = Literal[tuple(u.value for u in Unit)]
    TierOrBlank = Literal[("", *Tier.values)]


class ComplaintTierOut(Schema):
    key: TierCode
    label: str
    amount: int
    unit: UnitCode


class ComplaintContactIn(Schema):
    name: Line = line(C, "contact_name")
    phone: Line = line(C, "contact_phone")
    email: Line = line(C, "contact_email")


class ComplaintIn(Schema):
    kind: KindCode = "complaint"
    channel: ChannelCode
    received_at: AwareDatetime = Field(..., description="Waktu diterima (ISO 8601 dengan zona).")
    title: Line = line(C, "title", ...)
    body: Text = Field(..., max_length=MAX_TEXT)
    tier: TierCode | None = Field(None, description="Dengan tingkat, pengaduan langsung diklasifikasi.")
    category: Line = Field("", max_length=40, description="Kode kategori (boleh diisi nanti saat klasifikasi).")
    contact: ComplaintContactIn | None = None
    confidential: bool = False
    lapor_tracking_id: Line = line(C, "lapor_tracking_id")
    related_request: Line = Field("", max_length=20, description="Nomor permohonan publikasi terkait.")


class ComplaintCreatedOut(Schema):
    number: str
    status: StatusCode
    due_at: dt.datetime | None
    tracking_code: str = Field(..., description="Kode lacak; diberikan sekali.")


class ComplaintContactOut(Schema):
    name: str
    phone: str
    email: str


class ComplaintEventOut(Schema):
    action: ActionCode
    from_status: StepStatusCode
    to_status: StepStatusCode
    actor: str
    at: dt.datetime
    note: str


class ComplaintListOut(Schema):
    number: str
    kind: KindCode
    channel: ChannelCode
    status: StatusCode
    title: str
    tier: TierOrBlank
    received_at: dt.datetime
    due_at: dt.datetime | None


class ComplaintOut(ComplaintListOut):
    body: str
    tier_provisional: bool
    category: str
    confidential: bool
    lapor_tracking_id: str
    related_request: str
    assignee: str
    answer: str
    forwarded_to: str
    sla: SlaOut
    contact: ComplaintContactOut | None = Field(None, description="Hanya bagi yang boleh melihat identitas pengadu.")
    events: list[ComplaintEventOut]


class ComplaintActionIn(Schema):
    """The data of a move; each move reads its own fields."""

    note: Text = Field("", max_length=MAX_TEXT)
    tier: Line = Field("", max_length=20, description="classify: " + ", ".join(Tier.values) + ".")
    category: Line = Field("", max_length=40, description="classify: kode kategori.")
    related_request: Line = Field("", max_length=20, description="classify: nomor permohonan terkait.")
    assignee: Line = Field("", max_length=150, description="assign: anggota tim; consult: staf kantor (username).")
    text: Text = Field("", max_length=MAX_TEXT, description="answer: rancangan jawaban.")
    channel: Line = Field("", max_length=20, description="deliver: " + ", ".join(Delivery.values) + ".")
    organization: Line = Field("", max_length=200, description="forward: instansi tujuan.")
