"""The complainant's data in the personal-data registry: exported by phone or e-mail, anonymised
once the complaint is closed (the complaint and its figures stay)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from warta.complaints.models import Complaint
from warta.complaints.tests.support import make_complaint
from warta.core.privacy import ANONYMISED, Person, anonymise_contacts, export_contact

pytestmark = pytest.mark.django_db


def test_export_finds_the_complainant_however_the_number_was_typed(office, pengelola, tim):
    make_complaint(pengelola, tim, "received", contact_phone="0812-3456-7890")
    exported = export_contact(Person(phone="+62 812 3456 7890"))["complaints.complaints"]
    assert [c["contact"]["name"] for c in exported] == ["Siti Aminah"]


def test_anonymise_only_closed_complaints(office, pengelola, tim):
    closed = make_complaint(pengelola, tim, "closed")
    open_ = make_complaint(pengelola, tim, "in_progress")
    later = timezone.now() + dt.timedelta(days=1)
    assert anonymise_contacts(later, dry_run=True)["complaints.complaints"] == 1
    assert anonymise_contacts(later)["complaints.complaints"] == 1
    closed.refresh_from_db()
    assert (closed.contact_name, closed.contact_phone, closed.contact_email) == (ANONYMISED, "", "")
    assert Complaint.objects.get(pk=open_.pk).contact_name == "Siti Aminah"
    assert anonymise_contacts(later)["complaints.complaints"] == 0
