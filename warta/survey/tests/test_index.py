"""The index of PermenPANRB 14/2017: formula, rounding, bands, sample sizes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import timezone

from warta.survey.index import compute_index, grade_of, index_from_sums, round_half_up, sample_size
from warta.survey.models import Response
from warta.survey.services import get_period, period_results

from .conftest import answers, make_response

DAY = dt.date(2026, 3, 10)


def test_hand_computed_set(service):
    # Four respondents. Column sums: U1 14, U2 12, U3 10, U4 16, U5 13, U6 12, U7 15, U8 11, U9 12 = 115.
    rows = [
        (4, 3, 2, 4, 3, 3, 4, 3, 3),
        (3, 3, 3, 4, 4, 3, 4, 2, 3),
        (4, 3, 2, 4, 3, 3, 3, 3, 3),
        (3, 3, 3, 4, 3, 3, 4, 3, 3),
    ]
    for values in rows:
        make_response(service, DAY, values)
    result = compute_index(Response.objects.all())
    assert result.respondents == 4
    assert result.sums == {"u1": 14, "u2": 12, "u3": 10, "u4": 16, "u5": 13, "u6": 12, "u7": 15, "u8": 11, "u9": 12}
    assert result.nrr["u1"] == Fraction(7, 2)  # 14 / 4 = 3.5
    assert result.nrr["u3"] == Fraction(5, 2)
    # IKM = (115 / 4) / 9 = 115/36 = 3.19444…; converted = 115/36 × 25 = 79.8611… → 79.86, B (Baik)
    assert result.ikm == Fraction(115, 36)
    assert result.converted == Decimal("79.86")
    assert (result.grade, result.grade_label) == ("B", "Baik")
    assert result.nrr_rounded(3)["u1"] == Decimal("3.500")
    assert result.weighted_rounded(3)["u1"] == Decimal("0.389")  # 3.5 / 9 = 0.38888…
    weakest = [code for code, _v in result.ranked()[:2]]
    assert weakest == ["u3", "u8"]


def test_perfect_score(service):
    for _ in range(3):
        make_response(service, DAY, (4,) * 9)
    result = compute_index(Response.objects.all())
    assert result.ikm == 4
    assert result.converted == Decimal("100.00")
    assert result.grade == "A"
    assert result.grade_label == "Sangat Baik"


def test_lowest_score_is_25_and_d():
    result = index_from_sums(2, {f"u{i}": 2 for i in range(1, 10)})
    assert result.converted == Decimal("25.00")
    assert result.grade == "D"


def test_no_answers_has_no_score(service):
    result = compute_index(Response.objects.all())
    assert result.respondents == 0
    assert result.converted is None
    assert result.grade is None


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        ("88.30", "B"),
        ("88.31", "A"),
        ("76.60", "C"),
        ("76.61", "B"),
        ("64.99", "D"),
        ("65.00", "C"),
        ("88.305", "A"),
        ("88.3049", "B"),
        ("100.00", "A"),
        ("25.00", "D"),
    ],
)
def test_band_edges(value, grade):
    assert grade_of(Fraction(value))[0] == grade
    assert grade_of(Decimal(value))[0] == grade


def test_round_half_up_is_exact():
    assert round_half_up(Fraction("88.305")) == Decimal("88.31")
    assert round_half_up(Fraction("88.3049999")) == Decimal("88.30")
    assert round_half_up(Fraction("76.605")) == Decimal("76.61")
    assert round_half_up(Fraction(2, 3), 3) == Decimal("0.667")
    assert round_half_up(Fraction("2.675")) == Decimal("2.68")  # a float rounds this one to 2.67


def test_exact_88_305_from_the_database_rounds_to_a(service):
    """5,000 respondents whose converted IKM is exactly 88.305: 25·T/(9·5000) = 88.305 ⇔ T = 158,949."""
    total = 158_949
    n = 5_000
    # 4 everywhere gives 180,000; take 21,051 points away, one point at a time, spread over the sheets.
    deficit = 180_000 - total
    now = timezone.now()
    objs = []
    for i in range(n):
        lose = deficit // n + (1 if i < deficit % n else 0)
        values = [4] * 9
        for j in range(lose):
            values[j % 9] -= 1
        objs.append(
            Response(
                service=service,
                surveyed_on=DAY,
                submitted_at=now,
                sex="L",
                age=30,
                education="SMA",
                occupation="SWASTA",
                **answers(*values),
            )
        )
    Response.objects.bulk_create(objs, batch_size=1000)
    result = compute_index(Response.objects.all())
    assert sum(result.sums.values()) == total
    assert result.ikm * 25 == Fraction("88.305")
    assert result.converted == Decimal("88.31")
    assert result.grade == "A"


@pytest.mark.parametrize(("population", "sample"), [(100, 80), (550, 226), (800, 260), (1000, 278), (0, 0), (1, 1)])
def test_sample_size_krejcie_morgan(population, sample):
    assert sample_size(population) == sample


def test_period_results_use_the_same_formula(service):
    make_response(service, DAY, (4, 4, 4, 4, 4, 4, 4, 4, 4))
    make_response(service, DAY, (3, 3, 3, 3, 3, 3, 3, 3, 3))
    data = period_results(get_period(service, "2026"))
    # NRR 3.5 everywhere → IKM 3.5 → 87.50, B
    assert data.index.converted == Decimal("87.50")
    assert data.index.grade == "B"
