"""The monthly figures against the hand-computed expectations of the fixed data set (dataset.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from warta.desk.models import Event
from warta.evaluation import figures
from warta.evaluation.figures import Filters
from warta.evaluation.tests.dataset import at, breach, build

pytestmark = pytest.mark.django_db
NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture
def world(org, upt, other_org, pemohon, pimpinan, kabid, staf, office):
    return build(org=org, upt=upt, other_org=other_org, pemohon=pemohon, pimpinan=pimpinan, kabid=kabid, staf=staf)


def steps(world, key):
    return list(
        Event.objects.filter(request=world.requests[key]).values_list("action", "working_minutes", "paused_minutes")
    )


def test_each_event_stores_the_working_minutes_since_the_previous_step(world):
    # The pause (waiting for the applicant) is kept apart; the lunch break is not working time.
    assert steps(world, "B") == [
        ("submit", 0, 0),
        ("dispose", 10, 0),
        ("assign", 10, 0),
        ("request_completion", 10, 0),
        ("resubmit", 0, 60),
        ("publish", 15, 0),
    ]
    assert steps(world, "C") == [("submit", 0, 0), ("dispose", 20, 0), ("assign", 30, 0), ("publish", 40, 0)]


def test_november_by_hand(world):
    found = figures.request_figures(figures.requests_of(NOVEMBER, Filters()))
    assert {k: found[k] for k in ("received", "published", "rejected", "cancelled", "open")} == {
        "received": 7,
        "published": 3,
        "rejected": 1,
        "cancelled": 1,
        "open": 2,
    }
    assert found["by_channel"] == {"web": 4, "whatsapp": 1, "social_dm": 1, "in_person": 1}
    assert found["by_organization"] == {"dinkes": 5, "dindik": 1, "pkm-bojongsari": 1}
    assert found["by_platform"] == {"instagram": 5, "facebook": 2, "x": 1}
    # A and B met the hour (B's deadline moved by its pause); C was published after it.
    assert found["within_standard"] == 2
    assert found["within_standard_share"] == pytest.approx(2 / 3, abs=1e-4)
    # 45, 50, 90: median 50; p90 at rank 1.8 = 50 + 0.8 × 40 = 82.
    assert found["minutes_to_publish"] == {"median": 50, "p90": 82}
    # dispose 10, 10, 20, 30 (F too) → 15; assign 20, 10, 30 → 20; publish 20, 25, 40 → 25.
    assert found["step_minutes"] == {"dispose": 15, "assign": 20, "publish": 25}
    spent = {row["key"]: (row["working"], row["paused"]) for row in found["time_spent"]}
    assert spent == {
        "registration": (0, 0),
        "submitted": (10 + 10 + 20 + 20 + 5 + 30, 0),
        "at_division": (20 + 10 + 30, 0),
        "assigned": (20 + 10 + 15 + 40, 0),
        "scheduled": (0, 0),
        "needs_completion": (0, 60),
    }


def test_the_filters(world, org, other_org):
    dinkes = figures.request_figures(figures.requests_of(NOVEMBER, Filters(organization=org)))
    assert dinkes["received"] == 6  # with its UPT's B
    assert dinkes["by_organization"] == {"dinkes": 5, "pkm-bojongsari": 1}
    assert dinkes["minutes_to_publish"] == {"median": 48, "p90": 50}  # 45, 50 → 47.5 (rounded), 49.5
    facebook = figures.request_figures(figures.requests_of(NOVEMBER, Filters(platform="facebook")))
    assert (facebook["received"], facebook["published"], facebook["within_standard"]) == (2, 2, 1)
    dindik = figures.request_figures(figures.requests_of(NOVEMBER, Filters(organization=other_org)))
    assert dindik["received"] == 1 and dindik["step_minutes"] == {"dispose": 20, "assign": 30, "publish": 40}


def test_the_month_before_and_a_year_before(world):
    now, before, year_before = figures.compared(NOVEMBER)
    assert (now["month"], before["month"], year_before["month"]) == ("2026-11", "2026-10", "2025-11")
    assert before["requests"]["received"] == 1 and before["requests"]["minutes_to_publish"]["median"] == 20
    assert year_before["requests"]["minutes_to_publish"] == {"median": 60, "p90": 60}
    assert figures.month_figures(dt.date(2026, 12, 1))["requests"]["received"] == 1  # L, 1 Dec office time


def test_empty_month_has_nulls_not_zeros(db):
    found = figures.request_figures(figures.requests_of(dt.date(2030, 1, 1), Filters()))
    assert found["received"] == 0
    assert found["within_standard_share"] is None
    assert found["minutes_to_publish"] == {"median": None, "p90": None}
    assert found["step_minutes"] == {"dispose": None, "assign": None, "publish": None}


def test_breaches_open_and_judged(world, kabid):
    breach(world.requests["C"], NOVEMBER)
    breach(world.requests["A"], NOVEMBER, justified=True, justification="Gangguan Meta.", justified_by=kabid)
    breach(world.requests["H"], dt.date(2026, 10, 1))
    assert figures.breach_figures(NOVEMBER, Filters()) == {"open": 1, "justified": 1, "violations": 0}
    assert figures.breach_figures(NOVEMBER, Filters(platform="x")) == {"open": 0, "justified": 0, "violations": 0}


def test_complaints_per_tier(world):
    from warta.complaints.models import Complaint

    def complaint(n, tier, received, answered=None, outcome=""):
        return Complaint.objects.create(
            number=f"ADU-2026-{n:05d}", year=2026, sequence=n, received_at=received, title="Aduan", body="Isi",
            tier=tier, answered_at=answered, sla_outcome=outcome,
        )  # fmt: skip

    complaint(1, "light", at("2026-11-03", "09:00"), at("2026-11-03", "10:00"), "met")
    complaint(2, "light", at("2026-11-04", "09:00"), at("2026-11-09", "10:00"), "missed")
    complaint(3, "normative", at("2026-11-05", "09:00"))
    complaint(4, "light", at("2026-10-30", "09:00"), at("2026-10-30", "10:00"), "met")
    found = figures.complaint_figures(NOVEMBER)
    assert found == {
        "light": {"received": 2, "answered_on_time": 1},
        "normative": {"received": 1, "answered_on_time": 0},
        "no_supervision": {"received": 0, "answered_on_time": 0},
        "investigation": {"received": 0, "answered_on_time": 0},
    }


def test_month_parsing():
    assert figures.parse_month("2026-11") == dt.date(2026, 11, 1)
    assert figures.parse_month(" 2026-01 ") == dt.date(2026, 1, 1)
    for bad in ("2026-13", "2026-00", "2026-1", "26-11", "2026/11", "", None, "1999-12", "2026-11-01", "２０２６-11"):
        assert figures.parse_month(bad) is None, bad
    assert figures.shift(dt.date(2026, 1, 1), -1) == dt.date(2025, 12, 1)
    assert figures.shift(dt.date(2026, 11, 1), -12) == dt.date(2025, 11, 1)
    assert figures.shift(dt.date(2026, 12, 1), 1) == dt.date(2027, 1, 1)
