"""The site navigation as data: each part registers its pages in its `AppConfig.ready()`, with the
same rule that its view applies, so that the menu never offers a page that answers 403 and a new
page appears in the menu (and in the browser tests that walk it) by registering it here.

The core imports no part below it: a part hands over a URL name and a predicate on the user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any  # a lazy translation
    url_name: str
    shown: Callable[[Any], bool]
    order: int = 100
    url_kwargs: Callable[[], dict[str, Any]] = field(default=dict)
    # A number shown beside the label (e.g. the open to-dos), asked only for users it is shown to.
    count: Callable[[Any], int] | None = None

    def href(self) -> str:
        return reverse(self.url_name, kwargs=self.url_kwargs() or None)


@dataclass(frozen=True)
class NavLink:
    key: str
    label: Any
    href: str
    count: int | None = None


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    """Add (or replace, by key) one page of the menu."""
    _ITEMS[item.key] = item


def registered() -> list[NavItem]:
    return sorted(_ITEMS.values(), key=lambda item: (item.order, item.key))


def links_for(user: Any) -> list[NavLink]:
    """The menu of a signed-in user, in order; nothing for an anonymous visitor."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        NavLink(item.key, item.label, item.href(), item.count(user) if item.count else None)
        for item in registered()
        if item.shown(user)
    ]
