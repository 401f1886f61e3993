"""Importing a batch of SP4N-LAPOR reports from CSV: `tracking_id, received_at, title, body, category`.

`received_at` is ISO 8601, in the office's time when it carries no offset. A tracking id already
recorded is skipped (importing the same file twice adds nothing); every refused line is reported
with its line number. Each line is its own transaction: a bad line leaves the others in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from warta.complaints import intake, transitions
from warta.complaints.models import Category, Channel, Complaint, Kind
from warta.core.office import office_zone

COLUMNS = ("tracking_id", "received_at", "title", "body", "category")
MAX_ID = int(Complaint._meta.get_field("lapor_tracking_id").max_length or 40)


@dataclass
class Report:
    created: list[str] = field(default_factory=list)  # the new complaints' numbers
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, tracking id) already recorded
    refused: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def _moment(value: str) -> dt.datetime | None:
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, office_zone())
    return moment


def _category(value: str) -> Category | None:
    value = value.strip()
    if not value:
        return None
    return Category.objects.filter(Q(code__iexact=value) | Q(label__iexact=value), is_active=True).first()


def import_text(text: str, user) -> Report:
    report = Report()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        report.refused.append((1, _("Kolom tidak ada: %(columns)s.") % {"columns": ", ".join(missing)}))
        return report
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        tracking_id = str(row.get("tracking_id") or "").strip()
        received = _moment(str(row.get("received_at") or ""))
        problems = []
        if not tracking_id:
            problems.append(_("tracking_id kosong"))
        elif len(tracking_id) > MAX_ID:
            problems.append(_("tracking_id terlalu panjang"))
        if received is None:
            problems.append(_("received_at bukan waktu ISO 8601"))
        elif received > timezone.now() + dt.timedelta(minutes=5):
            problems.append(_("received_at di masa depan"))
        if problems:
            report.refused.append((line, "; ".join(problems)))
            continue
        if tracking_id in seen or Complaint.objects.filter(lapor_tracking_id=tracking_id).exists():
            report.skipped.append((line, tracking_id))
            continue
        seen.add(tracking_id)
        category = _category(str(row.get("category") or ""))
        fields = {
            "title": str(row.get("title") or "").strip()[:200],
            "body": str(row.get("body") or "").strip(),
            "lapor_tracking_id": tracking_id,
        }
        try:
            complaint = intake.create_complaint(
                user=user,
                kind=Kind.COMPLAINT,
                channel=Channel.SP4N_LAPOR,
                received_at=received,
                fields=fields,
                system=user is None,
            )
        except transitions.TransitionError as exc:
            report.refused.append((line, "; ".join(exc.errors.values()) or exc.message))
            continue
        except ValidationError as exc:
            report.refused.append((line, "; ".join(exc.messages)))
            continue
        if category is not None:
            Complaint.objects.filter(pk=complaint.pk).update(category=category)
        report.created.append(complaint.number)
    return report
