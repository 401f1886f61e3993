"""Who hears about a complaint's step: staff notices name the number only and are resolved when the
step is taken; the complainant hears by e-mail, the answer only when it is delivered by e-mail."""

from __future__ import annotations

import pytest
from django.core import mail

from warta.complaints import transitions
from warta.complaints.tests.support import make_complaint
from warta.notify.models import Notice

pytestmark = pytest.mark.django_db


def test_the_officers_notice_is_resolved_by_classifying(office, pengelola, tim):
    complaint = make_complaint(pengelola, tim, "received")
    notice = Notice.objects.get(recipient=pengelola)
    assert notice.text == f"Pengaduan baru menunggu klasifikasi: {complaint.number}"
    assert notice.resolved_at is None
    transitions.perform(complaint, "classify", pengelola, {"tier": "light", "category": "konten"})
    notice.refresh_from_db()
    assert notice.resolved_at is not None


def test_the_team_member_is_told_and_the_complainant_gets_the_answer_by_email(
    office, pengelola, tim, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = make_complaint(pengelola, tim, "answered")
    assert Notice.objects.filter(recipient=tim, text__contains=complaint.number).exists()
    to_complainant = [m for m in mail.outbox if "siti@example.org" in m.to]
    subjects = [m.subject for m in to_complainant]
    assert subjects == [f"Pengaduan {complaint.number} diterima", f"Jawaban atas pengaduan {complaint.number}"]
    assert "Terima kasih, sudah kami perbaiki." in to_complainant[-1].body
    staff_mail = [m for m in mail.outbox if "siti@example.org" not in m.to]
    assert staff_mail and all("Siti" not in m.body and "Antrean" not in m.subject for m in staff_mail)
