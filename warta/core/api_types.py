"""Input types and paging shared by every router of the JSON API.

Text that arrives through the API is held to the model's length and may carry no NUL byte and no
control character (tab and line breaks only where the field is multi-line); a list is paged within
bounds. A value outside these answers 422 naming the field, never a 500 from the database.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.db import models
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator

from warta.core.validators import has_control_characters

MAX_LIMIT = 200
MAX_OFFSET = 2**31 - 1
# A free text (a note, a caption) without a column limit still has one in the API.
MAX_TEXT = 10_000


def _one_line(value: str) -> str:
    if has_control_characters(value, multiline=False):
        raise ValueError(_("Karakter kendali (termasuk NUL dan baris baru) tidak diizinkan."))
    return value


def _multiline(value: str) -> str:
    if has_control_characters(value, multiline=True):
        raise ValueError(_("Karakter kendali (termasuk NUL) tidak diizinkan."))
    return value


Line = Annotated[str, AfterValidator(_one_line)]
Text = Annotated[str, AfterValidator(_multiline)]


def max_length(model: type[models.Model], field: str) -> int:
    """The column's length, so the API refuses what the database would cut or refuse."""
    length = getattr(model._meta.get_field(field), "max_length", None)
    return int(length) if length else MAX_TEXT


def line(model: type[models.Model], field: str, default: Any = "", **kwargs: Any) -> Any:
    """A one-line text field as long as the model's column."""
    return Field(default, max_length=max_length(model, field), **kwargs)


class BoundedPagination(LimitOffsetPagination):
    """limit 1–200, offset 0–2³¹−1; outside answers 422 naming the parameter."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description="1–200")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="0–2147483647")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


# --- the error shapes every router answers with ----------------------------------------------------


class ErrorOut(Schema):
    detail: str


class FieldError(Schema):
    type: str
    loc: list[str]
    msg: str


class ValidationErrorOut(Schema):
    detail: list[FieldError]


def field_errors(errors: dict[str, Any], where: tuple[str, ...] = ("body", "payload")) -> dict:
    """Errors by field ({"links.instagram": msg}) in django-ninja's 422 shape."""
    detail = []
    for key, message in errors.items():
        path = [] if key == "__all__" else str(key).split(".")
        detail.append({"type": "value_error", "loc": [*where, *path], "msg": str(message)})
    return {"detail": detail}
