"""The M/M/k queue (Erlang C), pure: no database, no Django.

Notation: arrivals at rate λ (per minute), each staff member serves at rate μ = 1 / mean handling
time, k staff on duty, offered load a = λ/μ (in Erlangs), utilisation ρ = a/k.

- Erlang C, the chance that an arrival has to wait (all k busy), for a < k:
      C(k, a) = (a^k/k! · k/(k−a)) / (Σ_{n=0}^{k−1} a^n/n! + a^k/k! · k/(k−a))
  computed through the Erlang B recursion B(0)=1, B(n) = a·B(n−1)/(n + a·B(n−1)), then
  C = k·B / (k − a·(1 − B)), which stays exact for large k without factorials. For a ≥ k the queue
  grows without bound: C = 1 and no time target is met in the long run.
- Waiting time W: P(W ≤ t) = 1 − C·e^{−(kμ−λ)t}.
- Response time R = W + S (S the handling time, exponential with rate μ, independent of W). With
  θ = kμ − λ, W is 0 with probability 1 − C and exponential(θ) otherwise, so
      P(R > T) = (1 − C)·e^{−μT} + C·P(Exp(θ) + Exp(μ) > T)
      P(Exp(θ) + Exp(μ) > T) = (θ·e^{−μT} − μ·e^{−θT}) / (θ − μ)      (θ ≠ μ)
                             = (1 + μT)·e^{−μT}                          (θ = μ)
"""

from __future__ import annotations

import math


def erlang_b(k: int, a: float) -> float:
    """The Erlang B blocking probability for k servers and offered load a."""
    if k < 0 or a < 0:
        raise ValueError("k and a must not be negative")
    b = 1.0
    for n in range(1, k + 1):
        b = a * b / (n + a * b)
    return b


def erlang_c(k: int, a: float) -> float:
    """The probability that an arrival waits, for k servers and offered load a (1.0 when a ≥ k)."""
    if k <= 0:
        return 1.0
    if a <= 0:
        return 0.0
    if a >= k:
        return 1.0
    b = erlang_b(k, a)
    return k * b / (k - a * (1 - b))


def wait_within(k: int, arrival_rate: float, service_rate: float, t: float) -> float:
    """P(W ≤ t): the chance that the wait for a free staff member is at most t."""
    if service_rate <= 0:
        raise ValueError("service_rate must be positive")
    a = arrival_rate / service_rate
    if k <= 0 or a >= k:
        return 0.0
    c = erlang_c(k, a)
    return 1.0 - c * math.exp(-(k * service_rate - arrival_rate) * t)


def response_within(k: int, arrival_rate: float, service_rate: float, t: float) -> float:
    """P(W + S ≤ t): the chance that a request is done (waited for and handled) within t."""
    if service_rate <= 0:
        raise ValueError("service_rate must be positive")
    if t <= 0:
        return 0.0
    mu = service_rate
    a = arrival_rate / mu
    if k <= 0 or a >= k:
        return 0.0
    c = erlang_c(k, a)
    theta = k * mu - arrival_rate
    if math.isclose(theta, mu, rel_tol=1e-9):
        tail_waiting = (1 + mu * t) * math.exp(-mu * t)
    else:
        tail_waiting = (theta * math.exp(-mu * t) - mu * math.exp(-theta * t)) / (theta - mu)
    late = (1 - c) * math.exp(-mu * t) + c * tail_waiting
    return min(1.0, max(0.0, 1.0 - late))


def mean_wait(k: int, arrival_rate: float, service_rate: float) -> float | None:
    """E[W] = C / (kμ − λ); None when the queue is unstable."""
    a = arrival_rate / service_rate
    if k <= 0 or a >= k:
        return None
    return erlang_c(k, a) / (k * service_rate - arrival_rate)
