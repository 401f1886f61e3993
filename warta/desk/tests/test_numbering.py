"""Registration numbers PUB-YYYY-NNNNN, sequential per year of receipt in the office's zone."""

from __future__ import annotations

import datetime as dt

import pytest

from warta.desk.intake import create_request
from warta.desk.models import YearSequence
from warta.desk.tests.test_api_support import content_fields

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))


def make(user, org, received_at):
    return create_request(user=user, organization=org, received_at=received_at, fields=content_fields(), submit=False)


def test_sequential_within_a_year_and_restarting_each_year(staf, org):
    numbers = [
        make(staf, org, dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB)).number,
        make(staf, org, dt.datetime(2026, 3, 16, 9, 5, tzinfo=WIB)).number,
        make(staf, org, dt.datetime(2027, 1, 2, 9, 0, tzinfo=WIB)).number,
        # A letter logged late still takes the year it was received in.
        make(staf, org, dt.datetime(2026, 11, 30, 9, 0, tzinfo=WIB)).number,
    ]
    assert numbers == ["PUB-2026-00001", "PUB-2026-00002", "PUB-2027-00001", "PUB-2026-00003"]
    assert dict(YearSequence.objects.values_list("year", "last")) == {2026: 3, 2027: 1}


def test_the_year_is_the_office_zones(staf, org):
    late_evening = make(staf, org, dt.datetime(2026, 12, 31, 23, 30, tzinfo=WIB))
    # 2027-01-01 05:00 WIB is still 2026-12-31 in UTC: the office's year is 2027.
    new_year_morning = make(staf, org, dt.datetime(2026, 12, 31, 22, 0, tzinfo=dt.UTC))
    assert late_evening.number == "PUB-2026-00001"
    assert new_year_morning.number == "PUB-2027-00001"
    assert (late_evening.year, new_year_morning.year) == (2026, 2027)


def test_a_refused_submission_gives_its_number_back(pemohon, org):
    from warta.desk.transitions import InvalidData

    with pytest.raises(InvalidData):
        create_request(user=pemohon, organization=org, fields=content_fields(caption=""), submit=True)
    assert create_request(user=pemohon, organization=org, fields=content_fields(), submit=False).number.endswith(
        "-00001"
    )
