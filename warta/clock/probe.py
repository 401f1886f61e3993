"""The clock's own watched item (`ClockProbe`), for `manage.py clock_selfcheck` and the worker test."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from warta.clock import watch


def _holders(probe: Any) -> tuple[list[Any], str | None]:
    return ([probe.holder] if probe.holder_id else []), None


def register_watch() -> None:
    from warta.clock.models import ClockProbe

    watch.register(
        watch.Watch(
            model=ClockProbe,
            active=watch.SLA_RUNNING,
            moments=watch.DEFAULT_MOMENTS,
            holders=_holders,
            superiors=watch.default_superiors,
            label=str,
            url=lambda probe: f"/admin/clock/clockprobe/{probe.pk}/change/",
            step=lambda _probe: _("Uji jam layanan"),
        )
    )
