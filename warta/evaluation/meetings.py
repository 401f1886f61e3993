"""The monthly evaluation meeting: its record, the decisions that carry over, and the 25th's reminder.

The standard ("Evaluasi Kinerja Pelaksana" a.) asks for a meeting of Kepala Dinas, Kepala Bidang,
Kepala Seksi and staff at least once a month. A meeting counts for the month it is held in. When none
is recorded for the current month by the 25th (office time), the kabid_ikp and pimpinan are reminded
once: the periodic job (`remind_missing_meeting`, registered in EvaluationConfig.ready and run by
`manage.py run_timers`) claims the month by creating its `MeetingReminder` row (unique on the month)
before it sends anything, so several timer processes or a restart never remind twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from warta.accounts import roles
from warta.core.office import office_zone
from warta.evaluation.access import role_label
from warta.evaluation.models import Attendee, Decision, Meeting, MeetingReminder
from warta.notify import send
from warta.notify.models import Notice
from warta.todos import services as todos

REMIND_DAY = 25
REMINDER = gettext_noop(
    "Rapat evaluasi bulan %(month)s belum dicatat. Standar pelayanan meminta rapat evaluasi minimal sekali sebulan."
)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(day: dt.date) -> dt.date:
    return month_start(month_start(day) - dt.timedelta(days=1))


def month_name(month: dt.date) -> str:
    return formats.date_format(month, "F Y")


def meetings_held_in(month: dt.date) -> QuerySet[Meeting]:
    first = month_start(month)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return Meeting.objects.filter(held_on__gte=first, held_on__lt=following)


def open_decisions(exclude_meeting: Meeting | None = None) -> QuerySet[Decision]:
    """Decisions not yet done, oldest due first: they carry to the next meeting's agenda."""
    decisions = Decision.objects.filter(done_at__isnull=True).select_related("owner", "meeting")
    if exclude_meeting is not None and exclude_meeting.pk:
        decisions = decisions.exclude(meeting=exclude_meeting)
    return decisions.order_by("due_on", "pk")


def carried_decisions(meeting: Meeting) -> QuerySet[Decision]:
    """The decisions of earlier meetings still open when this one is read."""
    return open_decisions(meeting).filter(meeting__held_on__lte=meeting.held_on)


def decision_line(decision: Decision) -> str:
    return _("%(text)s (penanggung jawab: %(owner)s, batas: %(due)s)") % {
        "text": decision.text,
        "owner": decision.owner.display_name,
        "due": formats.date_format(decision.due_on, "j F Y"),
    }


def default_agenda(month: dt.date) -> str:
    """The agenda a new meeting starts with: the month's figures, then every open decision."""
    lines = [
        _("1. Capaian layanan publikasi bulan %(month)s: jumlah permohonan, waktu penyelesaian, ketepatan waktu.")
        % {"month": month_name(month)},
        _("2. Pengaduan, saran dan masukan; hasil survei kepuasan masyarakat."),
        _("3. Pelanggaran tenggat dan tindak lanjutnya."),
        _("4. Tindak lanjut keputusan rapat sebelumnya:"),
    ]
    carried = list(open_decisions())
    lines += [f"   - {decision_line(d)}" for d in carried] or ["   - " + _("tidak ada keputusan yang masih terbuka.")]
    lines.append(_("5. Lain-lain."))
    return "\n".join(lines)


def decision_todo_key(decision: Decision) -> str:
    return f"evaluation.decision:{decision.pk}"


def save_meeting(meeting: Meeting, attendees: list[Any], decision_forms: Any, user: Any) -> Meeting:
    """Store the meeting, its attendance (with each person's roles now) and its decisions; put each
    open decision on its owner's to-do list. The caller validated the forms; one transaction."""
    with transaction.atomic():
        if meeting.pk is None:
            meeting.created_by = user
        meeting.updated_by = user
        meeting.save()
        chosen = {p.pk: p for p in attendees}
        meeting.attendees.exclude(person_id__in=list(chosen)).delete()
        present = set(meeting.attendees.values_list("person_id", flat=True))
        Attendee.objects.bulk_create(
            Attendee(meeting=meeting, person=p, role_label=role_label(p)[:300])
            for pk, p in chosen.items()
            if pk not in present
        )
        decision_forms.instance = meeting
        for form in decision_forms.deleted_forms:
            if form.instance.pk:
                todos.settle(decision_todo_key(form.instance), by=user)
        for decision in decision_forms.save():
            if decision.done_at is None:
                todos.add(
                    decision_todo_key(decision),
                    kind=todos.Todo.Kind.OTHER,
                    title=_("Keputusan rapat evaluasi: %(text)s") % {"text": decision.text[:150]},
                    detail=_("Batas waktu: %(due)s") % {"due": formats.date_format(decision.due_on, "j F Y")},
                    url=meeting.get_absolute_url(),
                    assignee=decision.owner,
                )
        # A meeting held this month answers the reminder about it.
        send.resolve(reminder_topic(month_start(meeting.held_on)))
    return meeting


class AlreadyDone(Exception):
    pass


def close_decision(decision: Decision, user: Any, note: str = "", at: dt.datetime | None = None) -> Decision:
    """Mark a decision done, once (a conditional update), and settle its to-do."""
    at = at or timezone.now()
    with transaction.atomic():
        done = Decision.objects.filter(pk=decision.pk, done_at__isnull=True).update(
            done_at=at, done_by=user, done_note=note[:500]
        )
        if not done:
            raise AlreadyDone
        todos.settle(decision_todo_key(decision), by=user)
    decision.refresh_from_db()
    return decision


# --- the 25th's reminder ---------------------------------------------------------------------------


def reminder_topic(month: dt.date) -> str:
    return f"evaluation.meeting:{month:%Y-%m}"


def reminder_recipients() -> list[Any]:
    people = roles.users_with_role(roles.KABID_IKP) | roles.users_with_role(roles.PIMPINAN)
    return list(people.distinct().order_by("pk"))


def remind_missing_meeting(now: dt.datetime | None = None) -> int:
    """From the 25th (office time), when no meeting is recorded as held this month, remind the kabid and
    pimpinan once. Returns how many people were reminded (0 when nothing was due or it was sent)."""
    now = now or timezone.now()
    today = now.astimezone(office_zone()).date()
    if today.day < REMIND_DAY:
        return 0
    month = month_start(today)
    if meetings_held_in(month).exists():
        return 0
    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder = MeetingReminder.objects.create(month=month, sent_at=now)
        except IntegrityError:  # this month's reminder went out already (or another process sends it)
            return 0
        people = reminder_recipients()
        params = {"month": month_name(month)}
        url = reverse("evaluation-meeting-new")
        for person in people:
            send.notice(
                person,
                url=url,
                level=Notice.Level.WARNING,
                message=REMINDER,
                params=params,
                topic=reminder_topic(month),
            )
        emails = [p.email for p in people if p.email]
        if emails:
            send.email(
                emails,
                _("Rapat evaluasi bulan %(month)s belum dicatat") % params,
                "evaluation/email/meeting_reminder",
                {"month": month_name(month), "link": settings.SITE_URL + url},
            )
        reminder.recipients = len(people)
        reminder.save(update_fields=["recipients"])
    return len(people)
