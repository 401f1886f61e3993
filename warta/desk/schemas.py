"""The shapes of the desk's JSON API (see docs/api.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

ChannelCode = Literal["web", "letter", "whatsapp", "social_dm", "instagram_collab", "in_person", "api"]
PlatformCode = Literal["instagram", "facebook", "x", "youtube", "tiktok"]
StatusCode = Literal[
    "draft",
    "submitted",
    "at_division",
    "assigned",
    "needs_completion",
    "scheduled",
    "published",
    "rejected",
    "cancelled",
]


class ContactIn(Schema):
    name: str = ""
    phone: str = ""
    email: str = ""


class LetterIn(Schema):
    number: str = ""
    date: dt.date | None = None
    signatory: str = ""
    signed: bool = False
    stamped: bool = False
    agenda_number: str = ""


class RequestIn(Schema):
    organization: str | None = Field(
        None, description="Kode organisasi. Untuk operator OPD/UPT bawaannya organisasinya sendiri."
    )
    channel: ChannelCode = "api"
    received_at: AwareDatetime | None = Field(
        None, description="Waktu diterima (ISO 8601 dengan zona). Hanya staf kantor; bawaannya sekarang."
    )
    title: str = ""
    caption: str = ""
    captions: dict[PlatformCode, str] = Field(default_factory=dict)
    platforms: list[PlatformCode] = Field(default_factory=list)
    publish_at: AwareDatetime | None = None
    collaborator: str = ""
    links: list[str] = Field(default_factory=list)
    contact: ContactIn = Field(default_factory=ContactIn)
    letter: LetterIn | None = None
    submit: bool = Field(True, description="false menyimpan draf (tanpa jam layanan).")


class RequestCreatedOut(Schema):
    number: str
    status: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    tracking_url: str
    tracking_code: str | None = Field(None, description="Kode lacak; diberikan sekali, saat diajukan.")


class SlaOut(Schema):
    state: str
    used_minutes: int
    left_minutes: int


class PostOut(Schema):
    platform: str
    url: str
    scheduled_for: dt.datetime | None
    not_published_reason: str


class EventOut(Schema):
    """One step of the timeline, as the caller's audience sees it (warta.desk.timeline)."""

    action: str
    label: str = Field(description="Nama langkah, dalam bahasa pemanggil.")
    from_status: str
    to_status: str
    actor: str = Field(
        description="Staf kantor: nama orangnya. Pemohon: langkah kantor sebagai kantor dan perannya "
        '("Dinkominfo — Kepala Bidang IKP"), langkah pihak pemohon dengan namanya.'
    )
    on_behalf: str = Field(description='"a.n. …" bila bertindak karena pelimpahan (hanya untuk staf kantor).')
    at: dt.datetime
    note: str = Field(description="Catatan langkah; untuk pemohon hanya catatan yang ditujukan kepadanya.")
    details: list[str] = Field(description="Keterangan langkah: pelaksana, alasan, jadwal, isian yang diubah…")
    links: dict[str, str] = Field(description="publish: {platform: URL unggahan}.")
    changed_fields: list[str] = Field(description="edit: nama isian yang diubah.")
    changes: dict[str, dict[str, Any]] | None = Field(
        None, description='edit: {isian: {"from": nilai lama, "to": nilai baru}} (hanya untuk staf kantor).'
    )


class RequestListOut(Schema):
    number: str
    title: str
    status: str
    organization: str
    channel: str
    platforms: list[str]
    received_at: dt.datetime
    due_at: dt.datetime | None

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        if isinstance(obj, dict):
            return str(obj["organization"])
        return str(obj.organization.code)


class RequestOut(RequestListOut):
    sla: SlaOut
    posts: list[PostOut]
    events: list[EventOut]


class ActionIn(Schema):
    """The data of an action; each action reads its own fields (see docs/api.md)."""

    note: str = ""
    assignee: str = Field("", description="assign, reassign: username staf IKP.")
    instruction: str = Field("", description="assign: arahan untuk staf (wajib).")
    times: dict[str, str] = Field(default_factory=dict, description="schedule: {platform: waktu ISO 8601}.")
    links: dict[str, str] = Field(default_factory=dict, description="publish: {platform: URL unggahan}.")
    not_published: dict[str, str] = Field(
        default_factory=dict, description="publish: {platform: alasan tidak dipublikasikan}."
    )
    reason: str = Field("", description="reject: out_of_scope, against_rules, duplicate, incomplete, other.")


class AttachmentOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int
    alt_text: str
    uploaded_at: dt.datetime


class ErrorOut(Schema):
    detail: str


class FieldError(Schema):
    type: str
    loc: list[str]
    msg: str


class ValidationErrorOut(Schema):
    detail: list[FieldError]


def field_errors(errors: dict[str, Any], where: tuple[str, ...] = ("body", "payload")) -> dict:
    """transitions.InvalidData errors ({"links.instagram": msg}) in django-ninja's 422 shape."""
    detail = []
    for key, message in errors.items():
        path = [] if key == "__all__" else str(key).split(".")
        detail.append({"type": "value_error", "loc": [*where, *path], "msg": str(message)})
    return {"detail": detail}
