"""Who sees a complaint and who sees the complainant (Perpres 76/2013), written out independently
of access.py: every persona × confidential or not."""

from __future__ import annotations

import pytest

from warta.accounts import roles
from warta.complaints import access, transitions
from warta.complaints.tests.support import make_complaint

pytestmark = pytest.mark.django_db

PERSONAS = (
    "officer",
    "admin",
    "tim_assigned",
    "tim_other",
    "staf_consulted",
    "staf_other",
    "kabid",
    "pimpinan",
    "pemohon",
)
SEES_COMPLAINT = {"officer", "admin", "tim_assigned", "staf_consulted"}
SEES_IDENTITY = {
    False: {"officer", "admin", "tim_assigned"},
    True: {"officer", "admin"},
}


@pytest.fixture
def people(make_user, pengelola, admin_user, tim, staf, staf2, kabid, pimpinan, pemohon):
    return {
        "officer": pengelola,
        "admin": admin_user,
        "tim_assigned": tim,
        "tim_other": make_user("tim2", roles.TIM_PENGADUAN),
        "staf_consulted": staf,
        "staf_other": staf2,
        "kabid": kabid,
        "pimpinan": pimpinan,
        "pemohon": pemohon,
    }


@pytest.mark.parametrize("confidential", [False, True])
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_the_complaint_and_the_complainant(people, persona, confidential):
    complaint = make_complaint(people["officer"], people["tim_assigned"], "in_progress", confidential=confidential)
    transitions.perform(
        complaint, "consult", people["tim_assigned"], {"assignee": "staf", "note": "Kapan unggahan itu tayang?"}
    )
    user = people[persona]
    assert access.can_see(user, complaint) is (persona in SEES_COMPLAINT)
    assert (complaint in access.visible_complaints(user)) is (persona in SEES_COMPLAINT)
    assert access.can_see_identity(user, complaint) is (persona in SEES_IDENTITY[confidential])


def test_nobody_is_the_assignee_before_assignment(people):
    complaint = make_complaint(people["officer"], people["tim_assigned"], "classified")
    assert not access.can_see(people["tim_assigned"], complaint)
    assert not access.can_see_identity(people["tim_assigned"], complaint)


def test_an_assignee_who_left_the_team_no_longer_sees_it(people):
    from django.contrib.auth.models import Group

    complaint = make_complaint(people["officer"], people["tim_assigned"], "in_progress")
    tim = people["tim_assigned"]
    tim.groups.remove(Group.objects.get(name=roles.TIM_PENGADUAN))
    tim = type(tim).objects.get(pk=tim.pk)
    assert not access.can_see(tim, complaint)
