"""How a conversation becomes a request or a complaint, without the channels knowing either.

The desk and complaints register a converter in their `AppConfig.ready()`: its kind ("request",
"complaint"), the form of what it needs, who may use it, the function that makes the record from
the conversation's messages (returning its number), and the inbox the conversation belongs to
afterwards (a complaint leaves the desk's inbox for the complaints officers').
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from django import forms

from warta.channels.models import Conversation, Media, Message


@dataclass(frozen=True)
class MediaFile:
    media: Media

    @property
    def name(self) -> str:
        return self.media.original_name

    @property
    def content_type(self) -> str:
        return self.media.content_type

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        with self.media.file.open("rb") as handle:
            yield handle

    def copy(self) -> io.BytesIO:
        """The file's bytes in memory, for an intake that stores its own copy."""
        with self.open() as handle:
            return io.BytesIO(handle.read())


@dataclass(frozen=True)
class Material:
    """What a conversation hands over: the contact, the messages (oldest first), their text and
    their kept media files."""

    conversation: Conversation
    messages: list[Message]
    files: list[MediaFile] = field(default_factory=list)

    @property
    def platform(self) -> str:
        return self.conversation.platform

    @property
    def first_at(self) -> dt.datetime:
        return self.messages[0].at

    @property
    def text(self) -> str:
        return "\n\n".join(m.text.strip() for m in self.messages if m.text.strip())

    @property
    def contact_name(self) -> str:
        return self.conversation.contact_name or self.conversation.contact_handle or self.conversation.contact_key

    @property
    def contact_phone(self) -> str:
        return self.conversation.contact_phone

    @property
    def contact_handle(self) -> str:
        return self.conversation.contact_handle


class ConversionRefused(Exception):
    """The record could not be made: `errors` by field, in the active language."""

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class Converter(Protocol):
    kind: str  # "request", "complaint": the API's `to`
    label: Any  # the button: "Jadikan permohonan"
    queue: str  # the inbox the conversation belongs to afterwards

    def may_convert(self, user: Any) -> bool: ...

    def form(self, conversation: Conversation, data: Any = None) -> forms.Form: ...

    def convert(self, material: Material, user: Any, cleaned: dict[str, Any]) -> str: ...

    def url(self, number: str) -> str: ...


_converters: dict[str, Converter] = {}


def register(converter: Converter) -> None:
    _converters[converter.kind] = converter


def get(kind: str) -> Converter | None:
    return _converters.get(kind)


def registered() -> list[Converter]:
    return list(_converters.values())


def url_of(kind: str, number: str) -> str:
    converter = get(kind)
    return converter.url(number) if converter else ""
