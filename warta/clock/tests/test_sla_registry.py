"""The service-level states are listed once, in clock/sla.py; everything else reads that list."""

from __future__ import annotations

import datetime as dt

import pytest

from warta.clock import sla
from warta.clock.models import SlaOutcome
from warta.clock.services import sla_state_q


def test_the_closed_states_are_the_outcomes():
    assert set(sla.STATES) - set(sla.OPEN_STATES) == set(SlaOutcome.values)
    assert set(sla.OPEN_STATES) < set(sla.STATES)


def test_the_database_conditions_cover_the_registry():
    assert tuple(sla_state_q(dt.datetime(2026, 3, 16, tzinfo=dt.UTC))) == sla.STATES


def test_the_badges_read_the_registry(monkeypatch):
    from warta.desk.templatetags.desk_tags import sla_label

    assert sla_label("at_risk") == "Hampir lewat"
    monkeypatch.setitem(sla.STATE_LABELS, "at_risk", "Waspada")
    assert sla_label("at_risk") == "Waspada"


@pytest.mark.django_db
def test_the_home_counts_read_the_registry(monkeypatch, office, login, kabid):
    monkeypatch.setattr(sla, "OPEN_STATES", (sla.BREACHED, sla.ON_TRACK))
    text = login(kabid).get("/beranda/").content.decode()
    assert text.index("sla-breached") < text.index("sla-on_track")
    assert "sla-at_risk" not in text.split('class="sla-counts"')[1].split("</ul>")[0]
