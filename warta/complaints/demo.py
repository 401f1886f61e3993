"""Demo complaints (idempotent), so that the complaints officer and team find work when they log in.

Built through the real intake and the one transition function, at believable past working moments.
Called by `manage.py load_demo` after the desk's demo (which makes the users).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from warta.accounts.models import User
from warta.complaints import intake, transitions
from warta.complaints.models import Complaint


@dataclass
class DemoComplaint:
    title: str
    body: str
    kind: str
    channel: str
    hours_ago: float  # working hours before now
    contact: dict[str, str] = field(default_factory=dict)
    confidential: bool = False
    lapor_tracking_id: str = ""
    moves: list[tuple[str, str, dict]] = field(default_factory=list)  # (action, username, data)


OFFICER = "pengaduan"
TEAM = "tim.pengaduan"
CLASSIFY = ("classify", OFFICER, {"tier": "normative", "category": "konten"})
ASSIGN = ("assign", OFFICER, {"assignee": TEAM})

PLAN = (
    DemoComplaint(
        "Tanggal vaksinasi di poster keliru",
        "Poster vaksinasi HPV di Instagram menulis 12 Maret, padahal surat sekolah 13 Maret.",
        "complaint",
        "web",
        0.5,
    ),
    DemoComplaint(
        "Balasan WhatsApp lama",
        "Saya bertanya soal jadwal layanan lewat WhatsApp dan baru dibalas keesokan harinya.",
        "complaint",
        "whatsapp",
        2,
        contact={"contact_name": "Wulan Sari", "contact_phone": "081327001122"},
        moves=[("classify", OFFICER, {"tier": "light", "category": "pelayanan"}), ASSIGN],
    ),
    DemoComplaint(
        "Sikap petugas loket",
        "Petugas loket menjawab dengan ketus ketika saya menanyakan berkas.",
        "complaint",
        "complaint_box",
        4,
        contact={"contact_name": "Slamet Riyadi", "contact_phone": "085700223344"},
        confidential=True,
        moves=[
            ("classify", OFFICER, {"tier": "no_supervision", "category": "perilaku_petugas"}),
            ASSIGN,
            ("answer", TEAM, {"text": "Terima kasih atas laporan Bapak. Petugas yang bersangkutan telah dibina."}),
        ],
    ),
    DemoComplaint(
        "Berita hoaks belum diklarifikasi",
        "Mohon akun resmi mengklarifikasi kabar jembatan putus yang beredar.",
        "complaint",
        "sp4n_lapor",
        12,
        lapor_tracking_id="LAPOR-DEMO-0001",
        moves=[
            CLASSIFY,
            ASSIGN,
            ("answer", TEAM, {"text": "Klarifikasi telah diunggah di Instagram dan Facebook resmi."}),
            ("approve", OFFICER, {}),
            ("deliver", OFFICER, {"channel": "lapor"}),
        ],
    ),
    DemoComplaint(
        "Terima kasih atas siaran langsung",
        "Siaran langsung upacara hari jadi sangat membantu warga di perantauan.",
        "appreciation",
        "instagram",
        1,
        contact={"contact_handle": "@warga.pbg"},
    ),
)


def load(now: dt.datetime | None = None, log: Callable[[str], None] | None = None) -> int:
    from warta.clock.services import get_calendar
    from warta.desk.demo import last_working_moment, working_time_before

    now = now or timezone.now()
    users = {u.username: u for u in User.objects.filter(username__in=[OFFICER, TEAM])}
    if len(users) < 2:
        return 0
    cal = get_calendar()
    anchor = last_working_moment(cal, now)
    created = 0
    for spec in PLAN:
        if Complaint.objects.filter(title=spec.title).exists():
            continue
        received = working_time_before(cal, anchor, dt.timedelta(hours=spec.hours_ago))
        fields = {
            "title": spec.title,
            "body": spec.body,
            "confidential": spec.confidential,
            "lapor_tracking_id": spec.lapor_tracking_id,
            **spec.contact,
        }
        complaint = intake.create_complaint(
            user=users[OFFICER], kind=spec.kind, channel=spec.channel, received_at=received, fields=fields, now=received
        )
        step = received
        for action, username, data in spec.moves:
            step = min(step + dt.timedelta(minutes=20), now)
            transitions.perform(complaint, action, users[username], data, now=step, notify=False)
        created += 1
        if log:
            log(f"  {complaint.number}  {complaint.get_status_display()}  {complaint.title}")
    return created
