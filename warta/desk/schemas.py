"""The shapes of the desk's JSON API (see docs/api.md)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from warta.clock.sla import STATES as SLA_STATES
from warta.core.api_types import (  # noqa: F401  (the error shapes, re-exported for the desk's callers)
    MAX_TEXT,
    ErrorOut,
    FieldError,
    Line,
    Text,
    ValidationErrorOut,
    field_errors,
    line,
)
from warta.desk.models import Attachment, Channel, Platform, PlatformPost, PublicationRequest, RejectReason, Status
from warta.desk.rules import ACTIONS, NEW
from warta.social.models import PostState

R = PublicationRequest

# The enumerations come from the models' choices (and the clock's and the table's registries), so
# a new channel, platform or status reaches the API and its OpenAPI document without a second list.
if TYPE_CHECKING:
    ChannelCode = str
    PlatformCode = str
    StatusCode = str
    StepStatusCode = str
    AttachmentKindCode = str
    SlaStateCode = str
    ActionCode = str
    PostStateCode = str
else:
    ChannelCode = Literal[tuple(Channel.values)]
    PlatformCode = Literal[tuple(Platform.values)]
    StatusCode = Literal[tuple(Status.values)]
    StepStatusCode = Literal[(NEW, *Status.values)]  # "" before the first step
    AttachmentKindCode = Literal[tuple(Attachment.Kind.values)]
    SlaStateCode = Literal[SLA_STATES]
    ActionCode = Literal[ACTIONS]
    PostStateCode = Literal[tuple(PostState.values)]


class ContactIn(Schema):
    name: Line = line(R, "contact_name")
    phone: Line = line(R, "contact_phone")
    email: Line = line(R, "contact_email")


class LetterIn(Schema):
    number: Line = line(R, "letter_number")
    date: dt.date | None = None
    signatory: Line = line(R, "letter_signatory")
    signed: bool = False
    stamped: bool = False
    agenda_number: Line = line(R, "agenda_number")


class RequestIn(Schema):
    organization: Line | None = Field(
        None, max_length=50, description="Kode organisasi. Untuk operator OPD/UPT bawaannya organisasinya sendiri."
    )
    channel: ChannelCode = "api"
    received_at: AwareDatetime | None = Field(
        None, description="Waktu diterima (ISO 8601 dengan zona). Hanya staf kantor; bawaannya sekarang."
    )
    title: Line = line(R, "title")
    caption: Text = Field("", max_length=MAX_TEXT)
    captions: dict[PlatformCode, Annotated[Text, Field(max_length=MAX_TEXT)]] = Field(default_factory=dict)
    platforms: list[PlatformCode] = Field(default_factory=list, max_length=10)
    publish_at: AwareDatetime | None = None
    collaborator: Line = line(R, "collaborator")
    links: list[Annotated[Line, Field(max_length=2000)]] = Field(
        default_factory=list, max_length=20, description="Tautan http:// atau https://."
    )
    contact: ContactIn = Field(default_factory=ContactIn)
    letter: LetterIn | None = None
    submit: bool = Field(True, description="false menyimpan draf (tanpa jam layanan).")


class RequestCreatedOut(Schema):
    number: str
    status: StatusCode
    received_at: dt.datetime
    due_at: dt.datetime | None
    tracking_url: str
    tracking_code: str | None = Field(None, description="Kode lacak; diberikan sekali, saat diajukan.")


class SlaOut(Schema):
    state: SlaStateCode
    used_minutes: int
    left_minutes: int


class PostOut(Schema):
    """One target platform of the request (every one is listed)."""

    platform: PlatformCode
    state: PostStateCode = Field(
        description="manual (dicatat orang), queued, publishing, published, failed, unconfirmed, not_published."
    )
    url: str
    error: str = Field(description="Keterangan untuk orang bila gagal, belum pasti, atau dicoba lagi.")
    attempts: int = Field(description="Berapa kali Warta mencoba mengunggah.")
    scheduled_for: dt.datetime | None
    not_published_reason: str
    taken_down_at: dt.datetime | None = Field(None, description="Waktu unggahan dihapus dari platform.")


class EventOut(Schema):
    """One step of the timeline, as the caller's audience sees it (warta.desk.timeline)."""

    action: ActionCode
    label: str = Field(description="Nama langkah, dalam bahasa pemanggil.")
    from_status: StepStatusCode
    to_status: StepStatusCode
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
    status: StatusCode
    organization: str
    channel: ChannelCode
    platforms: list[PlatformCode]
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
    attachments: list[AttachmentOut]
    events: list[EventOut]


_POST_URL = PlatformPost._meta.get_field("url").max_length
_NOT_PUBLISHED = PlatformPost._meta.get_field("not_published_reason").max_length


class ActionIn(Schema):
    """The data of an action; each action reads its own fields (see docs/api.md)."""

    note: Text = Field("", max_length=MAX_TEXT)
    assignee: Line = Field("", max_length=150, description="assign, reassign: username staf IKP.")
    instruction: Text = Field("", max_length=MAX_TEXT, description="assign: arahan untuk staf (wajib).")
    times: dict[PlatformCode, Annotated[Line, Field(max_length=40)]] = Field(
        default_factory=dict, description="schedule: {platform: waktu ISO 8601}."
    )
    links: dict[PlatformCode, Annotated[Line, Field(max_length=_POST_URL)]] = Field(
        default_factory=dict, description="publish: {platform: URL unggahan}."
    )
    not_published: dict[PlatformCode, Annotated[Line, Field(max_length=_NOT_PUBLISHED)]] = Field(
        default_factory=dict, description="publish: {platform: alasan tidak dipublikasikan}."
    )
    reason: Line = Field("", max_length=20, description="reject: " + ", ".join(RejectReason.values) + ".")
    platforms: list[PlatformCode] = Field(
        default_factory=list,
        max_length=10,
        description="post: platform yang ditayangkan Warta (kosong: semua yang akunnya terhubung dan belum "
        "selesai); take_down: platform yang unggahannya ditarik.",
    )
    platform: PlatformCode | Literal[""] = Field("", description="confirm_post: platform yang dipastikan.")
    url: Line = Field("", max_length=_POST_URL, description="confirm_post: tautan unggahan yang sudah terbit.")
    release: bool = Field(False, description="confirm_post: true bila belum terbit dan boleh dicoba sekali lagi.")


class AttachmentOut(Schema):
    id: int
    kind: AttachmentKindCode
    name: str
    content_type: str
    size: int
    alt_text: str
    uploaded_at: dt.datetime
