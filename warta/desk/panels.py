"""Extra panels on the request page, contributed by parts below the desk (e.g. the survey's
invitation link), so that the desk never imports them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from warta.desk.models import PublicationRequest

Panel = Callable[[HttpRequest, PublicationRequest, bool], SafeString | str | None]
_PANELS: dict[str, Panel] = {}


def register_panel(name: str, panel: Panel) -> None:
    """`panel(http_request, publication_request, staff)` returns HTML (or None to show nothing)."""
    _PANELS[name] = panel


def render_panels(http_request: HttpRequest, req: PublicationRequest, staff: bool) -> list[SafeString | str]:
    rendered = []
    for panel in _PANELS.values():
        html = panel(http_request, req, staff)
        if html:
            rendered.append(html)
    return rendered
