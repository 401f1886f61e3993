"""The index (IKM) of PermenPANRB 14/2017, computed exactly from database aggregates.

NRR of an element = sum of its answers / number of answers; weighted NRR = NRR × 1/9 (exactly, so a
perfect score is 100.00); IKM = the sum of the weighted NRR; converted IKM = IKM × 25, rounded half-up
to two decimals, then banded. Every step is a Fraction: no float touches the score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import floor

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from warta.survey.elements import AGE_BANDS, ELEMENT_CODES, ELEMENTS, Education, Occupation, Sex
from warta.survey.models import Response, Source

WEIGHT = Fraction(1, 9)
CONVERSION = 25

# (grade, lowest converted value, label), best first; compared after rounding to two decimals.
GRADES: tuple[tuple[str, Decimal, Promise], ...] = (
    ("A", Decimal("88.31"), _("Sangat Baik")),
    ("B", Decimal("76.61"), _("Baik")),
    ("C", Decimal("65.00"), _("Kurang Baik")),
    ("D", Decimal("0"), _("Tidak Baik")),
)
GRADE_RANGES = {
    "A": "88,31–100,00",
    "B": "76,61–88,30",
    "C": "65,00–76,60",
    "D": "25,00–64,99",
}
# (grade, lowest, label, printed range) for the legend of the results pages and the report.
GRADE_TABLE = tuple((grade, lowest, label, GRADE_RANGES[grade]) for grade, lowest, label in GRADES)

# Krejcie & Morgan (1970)
CHI_SQUARE = Fraction("3.841")
P = Fraction(1, 2)
D = Fraction(5, 100)


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Round half away from zero, exactly (88.305 → 88.31)."""
    exact = Fraction(value)
    scaled = abs(exact) * 10**places
    whole = floor(scaled + Fraction(1, 2))
    result = Decimal(whole) / (Decimal(10) ** places)
    if exact < 0:
        result = -result
    return result.quantize(Decimal(1).scaleb(-places))


def grade_of(converted: Decimal | Fraction) -> tuple[str, str]:
    """The quality (mutu) of a converted IKM: ("A", "Sangat Baik") …"""
    value = round_half_up(Fraction(converted), 2)
    for grade, lowest, label in GRADES:
        if value >= lowest:
            return grade, str(label)
    return "D", str(GRADES[-1][2])


def sample_size(population: int) -> int:
    """Krejcie & Morgan: s = χ²NP(1−P) / (d²(N−1) + χ²P(1−P)), rounded to the nearest whole number."""
    if population <= 0:
        return 0
    n = Fraction(population)
    s = CHI_SQUARE * n * P * (1 - P) / (D**2 * (n - 1) + CHI_SQUARE * P * (1 - P))
    return int(round_half_up(s, 0))


@dataclass
class Index:
    """The score of a set of responses."""

    respondents: int
    sums: dict[str, int]
    nrr: dict[str, Fraction] = field(default_factory=dict)
    ikm: Fraction | None = None
    converted: Decimal | None = None
    grade: str | None = None
    grade_label: str = ""

    @property
    def weighted(self) -> dict[str, Fraction]:
        return {code: value * WEIGHT for code, value in self.nrr.items()}

    def nrr_rounded(self, places: int = 3) -> dict[str, Decimal]:
        return {code: round_half_up(value, places) for code, value in self.nrr.items()}

    def weighted_rounded(self, places: int = 3) -> dict[str, Decimal]:
        return {code: round_half_up(value, places) for code, value in self.weighted.items()}

    @property
    def ikm_rounded(self) -> Decimal | None:
        return None if self.ikm is None else round_half_up(self.ikm, 4)

    def ranked(self) -> list[tuple[str, Fraction]]:
        """The elements from the weakest to the strongest (ties in element order)."""
        return sorted(self.nrr.items(), key=lambda item: (item[1], ELEMENT_CODES.index(item[0])))

    def rows(self) -> list[dict]:
        """One row per element for tables and charts."""
        nrr = self.nrr_rounded()
        weighted = self.weighted_rounded()
        return [
            {
                "code": element.code,
                "short": element.short,
                "name": element.name,
                "sum": self.sums.get(element.code, 0),
                "nrr": nrr.get(element.code),
                "nrr_exact": self.nrr.get(element.code),
                "weighted": weighted.get(element.code),
                "converted": round_half_up(self.nrr[element.code] * CONVERSION, 2)
                if element.code in self.nrr
                else None,
            }
            for element in ELEMENTS
        ]


def index_from_sums(respondents: int, sums: dict[str, int]) -> Index:
    result = Index(respondents=respondents, sums=sums)
    if respondents <= 0:
        return result
    result.nrr = {code: Fraction(sums[code], respondents) for code in ELEMENT_CODES}
    result.ikm = sum((value * WEIGHT for value in result.nrr.values()), Fraction(0))
    result.converted = round_half_up(result.ikm * CONVERSION, 2)
    result.grade, result.grade_label = grade_of(result.converted)
    return result


def compute_index(responses: QuerySet[Response]) -> Index:
    """One aggregate query: COUNT and the nine SUMs."""
    row = responses.aggregate(n=Count("pk"), **{code: Sum(code) for code in ELEMENT_CODES})
    respondents = int(row["n"] or 0)
    sums = {code: int(row[code] or 0) for code in ELEMENT_CODES}
    return index_from_sums(respondents, sums)


def _age_q(low: int, high: int | None) -> Q:
    q = Q(age__gte=low)
    if high is not None:
        q &= Q(age__lte=high)
    return q


@dataclass
class Profile:
    """Who answered: counts by sex, age band, education, occupation and source."""

    total: int
    groups: dict[str, list[tuple[str, str, int]]]

    def table(self, key: str) -> list[dict]:
        return [
            {
                "code": code,
                "label": label,
                "count": count,
                "percent": round_half_up(Fraction(count * 100, self.total), 2) if self.total else Decimal("0.00"),
            }
            for code, label, count in self.groups[key]
        ]

    def tables(self) -> list[dict]:
        """Every group's table under its title, in PROFILE_TITLES order."""
        return [{"title": title, "rows": self.table(key)} for key, title in PROFILE_TITLES.items()]


PROFILE_TITLES: dict[str, Promise] = {
    "sex": _("Jenis kelamin"),
    "age": _("Umur"),
    "education": _("Pendidikan"),
    "occupation": _("Pekerjaan"),
    "source": _("Cara pengisian"),
}


def compute_profile(responses: QuerySet[Response]) -> Profile:
    """One aggregate query of filtered counts."""
    specs: dict[str, list[tuple[str, str, Q]]] = {
        "sex": [(v, str(label), Q(sex=v)) for v, label in Sex.choices],
        "age": [(code, str(label), _age_q(low, high)) for code, label, low, high in AGE_BANDS],
        "education": [(v, str(label), Q(education=v)) for v, label in Education.choices],
        "occupation": [(v, str(label), Q(occupation=v)) for v, label in Occupation.choices],
        "source": [(v, str(label), Q(source=v)) for v, label in Source.choices],
    }
    aggregates = {"n": Count("pk")}
    for key, items in specs.items():
        for i, (_code, _label, q) in enumerate(items):
            aggregates[f"{key}_{i}"] = Count("pk", filter=q)
    row = responses.aggregate(**aggregates)
    groups = {
        key: [(code, label, int(row[f"{key}_{i}"] or 0)) for i, (code, label, _q) in enumerate(items)]
        for key, items in specs.items()
    }
    return Profile(total=int(row["n"] or 0), groups=groups)
