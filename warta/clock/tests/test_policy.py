"""Service-level policies: units, deadlines, and where get_policy takes them from."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest

from warta.clock.models import SlaPolicy
from warta.clock.policy import Policy, Unit, deadline
from warta.clock.services import get_policy
from warta.clock.tests.conftest import wib
from warta.standards.importer import import_standard
from warta.standards.models import Service, ServiceValue


def test_deadline_by_unit(cal):
    start = wib(2026, 3, 13, 16, 0)  # Friday
    assert deadline(cal, Policy(1, Unit.working_hours), start) == wib(2026, 3, 16, 8, 0)
    assert deadline(cal, Policy(45, Unit.working_minutes), start) == wib(2026, 3, 16, 7, 45)
    assert deadline(cal, Policy(1, Unit.working_days), start) == wib(2026, 3, 16, 16, 0)
    # clock units ignore the calendar
    assert deadline(cal, Policy(1, Unit.clock_hours), start) == wib(2026, 3, 13, 17, 0)
    assert deadline(cal, Policy(90, Unit.clock_minutes), start) == wib(2026, 3, 13, 17, 30)
    assert deadline(cal, Policy(5, Unit.clock_seconds), start) == wib(2026, 3, 13, 16, 0, 5)


def test_policy_checks_its_values():
    assert Policy(3, "working_hours").unit is Unit.working_hours  # type: ignore[arg-type]
    assert Policy(30, Unit.working_days).duration() is None
    assert Policy(2, Unit.working_hours).duration() == dt.timedelta(hours=2)
    with pytest.raises(ValueError):
        Policy(-1, Unit.working_hours)
    with pytest.raises(ValueError):
        Policy(1, "fortnights")  # type: ignore[arg-type]


@pytest.mark.django_db
def test_the_standards_defaults_without_a_service():
    assert get_policy(None, "publication") == Policy(1, Unit.working_hours)
    assert get_policy(None, "complaint_light") == Policy(3, Unit.working_hours)
    assert get_policy(None, "complaint_normative") == Policy(5, Unit.working_hours)
    assert get_policy(None, "complaint_no_supervision") == Policy(1, Unit.working_days)
    assert get_policy(None, "complaint_investigation") == Policy(30, Unit.working_days)
    with pytest.raises(KeyError):
        get_policy(None, "coffee")


@pytest.mark.django_db
def test_values_extracted_from_the_standard():
    service = Service.objects.create(slug="publikasi", title="Publikasi")
    values = {
        "completion_time": {"amount": 2, "unit": "hours"},
        "complaint_tiers": [
            {"key": "light", "label": "Pengaduan ringan", "amount": 4, "unit": "hours"},
            {"key": "no_supervision", "label": "Pengaduan ...", "amount": 2, "unit": "days"},
            {"key": "investigation", "label": "Pengaduan ...", "amount": 20, "unit": "working_days"},
        ],
    }
    with mock.patch("warta.clock.services._standard_value", side_effect=lambda _s, name: values.get(name)):
        assert get_policy(service, "publication") == Policy(2, Unit.working_hours)
        assert get_policy(service, "complaint_light") == Policy(4, Unit.working_hours)
        assert get_policy(service, "complaint_no_supervision") == Policy(2, Unit.working_days)
        assert get_policy(service, "complaint_investigation") == Policy(20, Unit.working_days)
        # a tier the standard does not give falls back to the default
        assert get_policy(service, "complaint_normative") == Policy(5, Unit.working_hours)
        service.around_the_clock = True
        assert get_policy(service, "publication") == Policy(2, Unit.clock_hours)
        assert get_policy(service, "complaint_no_supervision") == Policy(48, Unit.clock_hours)


@pytest.mark.django_db
def test_a_service_counted_around_the_clock_without_values():
    service = Service.objects.create(slug="darurat", title="Darurat", around_the_clock=True)
    with mock.patch("warta.clock.services._standard_value", return_value=None):
        assert get_policy(service, "publication") == Policy(1, Unit.clock_hours)


@pytest.mark.django_db
def test_an_admin_override_wins():
    service = Service.objects.create(slug="publikasi", title="Publikasi")
    other = Service.objects.create(slug="lain", title="Lain")
    SlaPolicy.objects.create(service=None, key="publication", amount=90, unit=Unit.working_minutes)
    SlaPolicy.objects.create(service=service, key="publication", amount=2, unit=Unit.working_hours)
    with mock.patch("warta.clock.services._standard_value", return_value={"amount": 1, "unit": "hours"}):
        assert get_policy(service, "publication") == Policy(2, Unit.working_hours)
        assert get_policy(other, "publication") == Policy(90, Unit.working_minutes)
        assert get_policy(None, "publication") == Policy(90, Unit.working_minutes)


STANDARD = """## 3. Standar Contoh
### Service Delivery
1\tJangka Waktu Penyelesaian : Maksimal 2 Jam
2\tPenanganan Pengaduan
\tPengaduan ringan selambat-lambatnya 4 jam
## Manufacturing
1\tDasar Hukum
\tUU 1/2000
"""


@pytest.mark.django_db
def test_the_imported_standard_and_an_admins_correction_set_the_policy():
    service = import_standard(STANDARD).service
    assert get_policy(service, "publication") == Policy(2, Unit.working_hours)
    assert get_policy(service, "complaint_light") == Policy(4, Unit.working_hours)
    assert get_policy(service, "complaint_normative") == Policy(5, Unit.working_hours)  # not in this standard
    ServiceValue.objects.filter(service=service, key="completion_time").update(correction={"amount": 3, "unit": "days"})
    assert get_policy(service, "publication") == Policy(3, Unit.working_days)
