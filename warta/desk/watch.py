"""The desk implements the clock's timer interface: deadline moments and the scheduled-post reminder."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_noop

from warta.desk import notifications
from warta.desk.holders import holders, step_name
from warta.desk.models import OPEN_STATUSES, PublicationRequest, Status


def _label(req: PublicationRequest) -> str:
    return str(req)


def _url(req: PublicationRequest) -> str:
    return req.get_absolute_url()


def _reminder_text(req: PublicationRequest, kind: str) -> tuple[str, dict[str, str]]:
    """The reminder (only set for platforms posted by hand): when Warta posts the others itself, it
    names the platforms to post by hand, so nobody posts Warta's twice."""
    from warta.desk import posting
    from warta.desk.timeline import platform_label

    hand = posting.by_hand(req)
    if hand and len(hand) < len(req.platforms):
        return gettext_noop(
            "Waktunya menayangkan %(label)s di %(platforms)s: unggah sendiri lalu catat tautannya "
            "(platform lain ditayangkan Warta)."
        ), {"label": str(req), "platforms": ", ".join(str(platform_label(p)) for p in hand)}
    return gettext_noop("Waktunya menayangkan %(label)s: unggah lalu catat tautannya."), {"label": str(req)}


def register_watches() -> None:
    from warta.clock import watch

    common: dict[str, Any] = {
        "model": PublicationRequest,
        "holders": holders,
        "superiors": watch.default_superiors,
        "label": _label,
        "url": _url,
        "step": step_name,
        "topic": notifications.topic,
    }
    watch.register(
        watch.Watch(
            active=Q(
                status__in=OPEN_STATUSES, sla_closed_at__isnull=True, paused_at__isnull=True, due_at__isnull=False
            ),
            moments=watch.DEFAULT_MOMENTS,
            **common,
        )
    )
    watch.register(
        watch.Watch(
            active=Q(status=Status.SCHEDULED, remind_at__isnull=False),
            moments=(watch.Moment(kind="publish_reminder", at_field="remind_at", claimed_field="reminded_at"),),
            message=_reminder_text,
            **common,
        )
    )
