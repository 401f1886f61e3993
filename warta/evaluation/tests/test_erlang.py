"""Erlang C against known values (textbook tables) and the response time against its closed forms."""

from __future__ import annotations

import math

import pytest

from warta.evaluation.erlang import erlang_b, erlang_c, mean_wait, response_within, wait_within


def test_erlang_b_known_value():
    # Two servers, one Erlang: B = (1/2) / (1 + 1 + 1/2) = 0.2.
    assert erlang_b(2, 1.0) == pytest.approx(0.2)


def test_erlang_c_by_hand():
    # a = 2, k = 3: (8/6 · 3) / (1 + 2 + 2 + 4) = 4/9.
    assert erlang_c(3, 2.0) == pytest.approx(4 / 9)


@pytest.mark.parametrize(("k", "expected"), [(11, 0.6821), (12, 0.4494), (13, 0.2853), (14, 0.1741)])
def test_erlang_c_textbook_table_for_ten_erlangs(k, expected):
    # The classic call-centre table: 10 Erlangs offered.
    assert erlang_c(k, 10.0) == pytest.approx(expected, abs=5e-5)


def test_service_level_textbook_example():
    # 10 Erlangs (a call every 18 s, 3-minute handling), 12 agents, answered within 20 s:
    # 1 − 0.4494 · e^(−(12 − 10) · 20/180) ≈ 64.0 %.
    lam, mu = 1 / 18, 1 / 180
    assert wait_within(12, lam, mu, 20) == pytest.approx(0.6402, abs=1e-4)


def test_single_server_reduces_to_mm1():
    # M/M/1: C = ρ and the response time is exponential with rate μ − λ.
    lam, mu = 0.02, 1 / 30
    assert erlang_c(1, lam / mu) == pytest.approx(lam / mu)
    assert response_within(1, lam, mu, 60) == pytest.approx(1 - math.exp(-(mu - lam) * 60))
    assert mean_wait(1, lam, mu) == pytest.approx((lam / mu) / (mu - lam))


def test_equal_rates_use_the_limit_form():
    # θ = kμ − λ = μ: with k = 2, λ = μ. No division by zero, and continuous around it.
    mu = 1 / 30
    at = response_within(2, mu, mu, 60)
    near = response_within(2, mu * (1 + 1e-6), mu, 60)
    assert at == pytest.approx(near, abs=1e-5)
    assert 0 < at < 1


def test_no_arrivals_leaves_only_the_handling_time():
    mu = 1 / 30
    assert erlang_c(3, 0.0) == 0.0
    assert response_within(3, 0.0, mu, 60) == pytest.approx(1 - math.exp(-2))


def test_an_overloaded_queue_never_meets_the_time():
    assert erlang_c(2, 2.0) == 1.0
    assert wait_within(2, 2 / 30, 1 / 30, 60) == 0.0
    assert response_within(2, 3 / 30, 1 / 30, 60) == 0.0
    assert mean_wait(2, 2 / 30, 1 / 30) is None


def test_more_staff_never_lowers_the_chance():
    lam, mu = 0.08, 1 / 30
    chances = [response_within(k, lam, mu, 60) for k in range(1, 8)]
    assert chances == sorted(chances)
    assert chances[0] == 0.0  # a = 2.4 needs at least three
    assert chances[-1] == pytest.approx(1 - math.exp(-2), abs=1e-3)  # the handling alone
