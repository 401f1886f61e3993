"""Demo data for Dinkominfo Purbalingga: the office, its OPDs, one user per role, and a dozen requests.

Every request is built through the real code (`intake.create_request`, then `transitions.perform` at
moments in the past), so the timeline, the clock's columns and the figures are what the desk would
have produced. Times are relative to now in the office's working time: the request shown "at risk"
has used 49 of its 60 working minutes and the "breached" one 95, also when the demo is loaded at
night or on a weekend (they are then placed before the last close of work).

`load()` is idempotent: what already exists (matched by username, organisation code, or a request's
title within its organisation) is left as it is.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from warta.accounts import roles
from warta.accounts.models import Organization, User
from warta.clock.calendar import WorkCalendar, add_working_time, is_working_time
from warta.desk import transitions
from warta.desk.holders import holders, step_name
from warta.desk.intake import Upload, create_request
from warta.desk.models import Attachment, Channel, Platform, PublicationRequest, RejectReason

PASSWORD = "warta-demo-2026"  # noqa: S105 (the published demo password)

OFFICE = {
    "name": "Dinas Komunikasi dan Informatika",
    "short_name": "Dinkominfo",
    "government": "Pemerintah Kabupaten Purbalingga",
    "regency": "Purbalingga",
    "address": "Jl. Jenderal Sudirman No. 1, Purbalingga, Jawa Tengah",
    "postal_code": "53312",
    "phone": "(0281) 8902091",
    "email": "dinkominfo@purbalinggakab.go.id",
    "website": "https://dinkominfo.purbalinggakab.go.id",
    "time_zone": "Asia/Jakarta",
}


@dataclass(frozen=True)
class DemoOrganization:
    code: str
    name: str
    kind: str
    parent: str = ""


ORGANIZATIONS = (
    DemoOrganization("setda-prokopim", "Bagian Protokol dan Komunikasi Pimpinan Setda", "sekretariat"),
    DemoOrganization("dinkes", "Dinas Kesehatan", "dinas"),
    DemoOrganization("pkm-bojongsari", "UPT Puskesmas Bojongsari", "upt", parent="dinkes"),
    DemoOrganization("dindik", "Dinas Pendidikan", "dinas"),
    DemoOrganization("distan", "Dinas Pertanian", "dinas"),
    DemoOrganization("dinporapar", "Dinas Kepemudaan, Olahraga dan Pariwisata", "dinas"),
    DemoOrganization("dlh", "Dinas Lingkungan Hidup", "dinas"),
    DemoOrganization("dindukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "dinas"),
    DemoOrganization("bpbd", "Badan Penanggulangan Bencana Daerah", "badan"),
    DemoOrganization("kec-kutasari", "Kecamatan Kutasari", "kecamatan"),
    DemoOrganization("rsud-goeteng", "RSUD dr. R. Goeteng Taroenadibrata", "rsud"),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    position: str
    organization: str = ""
    superuser: bool = False


USERS = (
    DemoUser("op.dinkes", roles.PEMOHON, "Rina", "Marlina", "Operator Humas Dinas Kesehatan", "dinkes"),
    DemoUser("op.puskesmas", roles.PEMOHON, "Agus", "Setiawan", "Operator UPT Puskesmas Bojongsari", "pkm-bojongsari"),
    DemoUser("kadis", roles.PIMPINAN, "Hadi", "Purnomo", "Kepala Dinas Komunikasi dan Informatika"),
    DemoUser("kabid.ikp", roles.KABID_IKP, "Sri", "Wahyuni", "Kepala Bidang Informasi dan Komunikasi Publik"),
    DemoUser("pranata.humas", roles.FUNGSIONAL_IKP, "Dimas", "Prasetyo", "Pranata Humas Ahli Muda"),
    DemoUser("staf.ikp1", roles.STAF_IKP, "Fajar", "Nugroho", "Staf Bidang IKP"),
    DemoUser("staf.ikp2", roles.STAF_IKP, "Laras", "Kusumawati", "Staf Bidang IKP"),
    DemoUser("pengaduan", roles.PENGELOLA_PENGADUAN, "Yuli", "Astuti", "Pejabat Pengelola Pengaduan"),
    DemoUser("tim.pengaduan", roles.TIM_PENGADUAN, "Eko", "Saputro", "Tim Pengelola Pengaduan"),
    DemoUser("admin", roles.ADMIN, "Admin", "Warta", "Administrator Sistem", superuser=True),
)


def logins() -> list[tuple[str, str, str]]:
    """(username, role, password) of every demo user, for the login table."""
    names = {o.code: o.name for o in ORGANIZATIONS}
    rows = []
    for u in USERS:
        role = str(roles.ROLE_LABELS[u.role])
        if u.organization:
            role = f"{role} — {names[u.organization]}"
        rows.append((u.username, role, PASSWORD))
    return rows


# --- working-time helpers ----------------------------------------------------------------------


def last_working_moment(cal: WorkCalendar, now: dt.datetime) -> dt.datetime:
    """`now` during working time; otherwise the close of the last working window before it."""
    if is_working_time(cal, now):
        return now
    day = cal.local_date(now)
    for _ in range(400):
        for _start, end in reversed(cal.spans(day)):
            if end <= now:
                return end
        day -= dt.timedelta(days=1)
    raise ValueError("the calendar has no working time in the past year")


def working_time_before(cal: WorkCalendar, anchor: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """The moment from which `delta` of working time runs up to `anchor` (a working moment)."""
    remaining = delta
    day = cal.local_date(anchor)
    for _ in range(400):
        for start, end in reversed(cal.spans(day)):
            if start >= anchor:
                continue
            stop = min(end, anchor)
            available = stop - start
            if remaining <= available:
                return stop - remaining
            remaining -= available
        day -= dt.timedelta(days=1)
    raise ValueError("the calendar has no working time in the past year")


def working_day_back(cal: WorkCalendar, now: dt.datetime, days: int, at: dt.time) -> dt.datetime:
    """`at` (office time) on the `days`-th working day before today."""
    day = cal.local_date(now)
    counted = 0
    while counted < days:
        day -= dt.timedelta(days=1)
        if cal.is_working_day(day):
            counted += 1
    return dt.datetime.combine(day, at, cal.tz)


def next_working_day_at(cal: WorkCalendar, now: dt.datetime, at: dt.time) -> dt.datetime:
    """`at` (office time) on the first working day after today."""
    day = cal.local_date(now) + dt.timedelta(days=1)
    while not cal.is_working_day(day):
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, at, cal.tz)


# --- demo media ----------------------------------------------------------------------------------


def poster_png(title: str, colour: tuple[int, int, int] = (14, 94, 135)) -> bytes:
    """A square poster with the title, drawn with Pillow."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1080, 1080), colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=56)
    small = ImageFont.load_default(size=32)
    draw.rectangle((60, 60, 1020, 1020), outline=(255, 255, 255), width=6)
    words, lines, line = title.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) > 880 and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    y = 420 - 35 * len(lines)
    for text in lines:
        draw.text((100, y), text, fill=(255, 255, 255), font=font)
        y += 72
    draw.text((100, 940), "Pemerintah Kabupaten Purbalingga", fill=(230, 230, 230), font=small)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def letter_pdf(number: str, organization: str) -> bytes:
    """A one-page scanned-letter look-alike as PDF, drawn with Pillow."""
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("RGB", (827, 1169), (252, 252, 248))
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=22)
    draw.text((80, 70), "PEMERINTAH KABUPATEN PURBALINGGA", fill=(0, 0, 0), font=font)
    draw.text((80, 100), organization.upper(), fill=(0, 0, 0), font=font)
    draw.line((80, 140, 747, 140), fill=(0, 0, 0), width=3)
    draw.text((80, 180), f"Nomor: {number}", fill=(0, 0, 0), font=font)
    draw.text((80, 210), "Perihal: Permohonan Publikasi Konten", fill=(0, 0, 0), font=font)
    draw.ellipse((520, 880, 680, 1040), outline=(60, 60, 160), width=4)
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=100.0)
    return out.getvalue()


# --- the requests ---------------------------------------------------------------------------------


@dataclass
class Step:
    action: str
    username: str
    minutes: int  # working minutes after the request was received
    data: dict[str, Any] = field(default_factory=dict)
    contact: bool = False


@dataclass
class DemoRequest:
    title: str
    organization: str
    channel: str
    creator: str
    received_at: dt.datetime
    fields: dict[str, Any]
    steps: list[Step] = field(default_factory=list)
    poster: bool = False
    scan: bool = False
    submit: bool = True
    submit_after: int = 0  # working minutes between receipt and logging (staff-logged channels)


def plan(cal: WorkCalendar, now: dt.datetime) -> list[DemoRequest]:
    """The demo requests, with moments computed from `now` in the office's working time."""
    anchor = last_working_moment(cal, now)

    def back(minutes: int) -> dt.datetime:
        return working_time_before(cal, anchor, dt.timedelta(minutes=minutes))

    def day_back(days: int, hh: int, mm: int) -> dt.datetime:
        return working_day_back(cal, now, days, dt.time(hh, mm))

    wished = next_working_day_at(cal, now, dt.time(9, 0))
    ig = "https://www.instagram.com/p/"
    fb = "https://www.facebook.com/dinkominfopbg/posts/"

    return [
        DemoRequest(
            title="Sosialisasi PSN 3M Plus Cegah Demam Berdarah",
            organization="dinkes",
            channel=Channel.API,
            creator="op.dinkes",
            received_at=day_back(5, 9, 5),
            poster=True,
            fields={
                "caption": "Musim hujan tiba! Ayo lakukan PSN 3M Plus: menguras, menutup, dan mendaur ulang barang "
                "bekas, ditambah mencegah gigitan nyamuk. Cegah demam berdarah mulai dari rumah kita. "
                "#PurbalinggaSehat #CegahDBD",
                "platforms": [Platform.INSTAGRAM, Platform.TIKTOK],
                "contact_name": "Rina Marlina",
                "contact_phone": "081327745120",
                "contact_email": "humas.dinkes@example.go.id",
            },
            steps=[
                Step("dispose", "kadis", 6),
                Step(
                    "assign",
                    "kabid.ikp",
                    14,
                    {
                        "assignee": "staf.ikp1",
                        "instruction": "Tayangkan sebagai feed "
                        "Instagram dan video pendek TikTok; cantumkan logo Dinkes.",
                    },
                ),
                Step(
                    "publish",
                    "staf.ikp1",
                    41,
                    {
                        "links": {
                            Platform.INSTAGRAM: ig + "DDbq7s1Rk2N/",
                            Platform.TIKTOK: "https://www.tiktok.com/@dinkominfopbg/video/7431925566120388870",
                        }
                    },
                ),
            ],
        ),
        DemoRequest(
            title="Layanan Poliklinik Eksekutif RSUD dr. R. Goeteng Taroenadibrata",
            organization="rsud-goeteng",
            channel=Channel.LETTER,
            creator="staf.ikp1",
            received_at=day_back(3, 13, 30),
            submit_after=4,
            scan=True,
            fields={
                "caption": "Kini RSUD dr. R. Goeteng Taroenadibrata membuka Poliklinik Eksekutif setiap Senin–Jumat "
                "pukul 14.00–20.00 WIB. Pendaftaran melalui aplikasi atau loket pendaftaran.",
                "platforms": [Platform.INSTAGRAM, Platform.FACEBOOK, Platform.YOUTUBE],
                "contact_name": "Bagus Hartanto",
                "contact_phone": "082226431877",
                "contact_email": "humas.rsud@example.go.id",
                "letter_number": "400.7/1187/RSUD/2026",
                "letter_signatory": "Direktur RSUD dr. R. Goeteng Taroenadibrata",
                "letter_signed": True,
                "letter_stamped": True,
                "agenda_number": "0412",
            },
            steps=[
                Step("dispose", "kadis", 25, {"note": "Segera ditindaklanjuti."}),
                Step(
                    "assign",
                    "kabid.ikp",
                    50,
                    {
                        "assignee": "staf.ikp2",
                        "instruction": "Gunakan video profil "
                        "dari RSUD untuk YouTube; feed IG dan FB dengan poster jadwal.",
                    },
                ),
                Step(
                    "publish",
                    "staf.ikp2",
                    82,
                    {
                        "links": {
                            Platform.INSTAGRAM: ig + "DDeK2fTy9hQ/",
                            Platform.FACEBOOK: fb + "pfbid02RsudGoetengPoliEksekutif",
                            Platform.YOUTUBE: "https://www.youtube.com/watch?v=Qh7cR2mUe5A",
                        }
                    },
                ),
            ],
        ),
        DemoRequest(
            title="Ayo Cek Kesehatan Gratis di Puskesmas",
            organization="dinkes",
            channel=Channel.WEB,
            creator="op.dinkes",
            received_at=day_back(2, 8, 45),
            poster=True,
            fields={
                "caption": "Cek Kesehatan Gratis (CKG) untuk semua warga pada hari ulang tahun. Datang ke puskesmas "
                "terdekat dengan membawa KTP. #CKGPurbalingga",
                "platforms": [Platform.INSTAGRAM, Platform.FACEBOOK],
                "contact_name": "Rina Marlina",
                "contact_phone": "081327745120",
                "contact_email": "humas.dinkes@example.go.id",
            },
            steps=[
                Step("dispose", "kadis", 5),
                Step(
                    "assign",
                    "kabid.ikp",
                    12,
                    {"assignee": "staf.ikp2", "instruction": "Periksa ejaan, lalu tayangkan di feed IG dan FB."},
                ),
                Step(
                    "request_completion",
                    "staf.ikp2",
                    20,
                    {
                        "note": "Mohon lengkapi teks alternatif poster dan "
                        "daftar puskesmas yang melayani pada hari Sabtu."
                    },
                ),
                Step("resubmit", "op.dinkes", 70, {"note": "Sudah kami lengkapi, daftar puskesmas ada di caption."}),
                Step(
                    "publish",
                    "staf.ikp2",
                    86,
                    {
                        "links": {
                            Platform.INSTAGRAM: ig + "DDg4LmVs0Wc/",
                            Platform.FACEBOOK: fb + "pfbid0CekKesehatanGratisPbg",
                        }
                    },
                ),
            ],
        ),
        DemoRequest(
            title="Lomba Balita Sehat Tingkat Kabupaten",
            organization="dinkes",
            channel=Channel.WEB,
            creator="op.dinkes",
            received_at=day_back(2, 9, 15),
            fields={
                "caption": "Lomba Balita Sehat tingkat Kabupaten Purbalingga di Pendapa Dipokusumo.",
                "platforms": [Platform.INSTAGRAM],
                "contact_name": "Rina Marlina",
                "contact_email": "humas.dinkes@example.go.id",
            },
            steps=[Step("cancel", "op.dinkes", 30, {"note": "Acara diundur; akan kami ajukan kembali."})],
        ),
        DemoRequest(
            title="Bupati Purbalingga Membuka Musrenbang RKPD 2027",
            organization="setda-prokopim",
            channel=Channel.IN_PERSON,
            creator="staf.ikp1",
            received_at=day_back(1, 8, 40),
            submit_after=3,
            fields={
                "caption": "Bupati Purbalingga membuka Musyawarah Perencanaan Pembangunan (Musrenbang) RKPD 2027 di "
                "Pendapa Dipokusumo. Musrenbang menjadi ruang menampung usulan warga dari tingkat desa hingga "
                "kabupaten.",
                "captions": {
                    Platform.X: "Bupati Purbalingga membuka Musrenbang RKPD 2027 di Pendapa Dipokusumo. "
                    "#MusrenbangPurbalingga"
                },
                "platforms": [Platform.INSTAGRAM, Platform.FACEBOOK, Platform.X],
                "contact_name": "Wahyu Hidayat",
                "contact_phone": "085726119034",
            },
            steps=[
                Step("dispose", "kadis", 5),
                Step(
                    "assign",
                    "pranata.humas",
                    15,
                    {
                        "assignee": "staf.ikp1",
                        "instruction": "Foto kegiatan dipilih 3 terbaik; tayangkan sebelum pukul 10.00.",
                    },
                ),
                Step(
                    "publish",
                    "staf.ikp1",
                    48,
                    {
                        "links": {
                            Platform.INSTAGRAM: ig + "DDj9xQwP4aT/",
                            Platform.FACEBOOK: fb + "pfbid0MusrenbangRkpd2027",
                            Platform.X: "https://x.com/dinkominfoPbg/status/1873629401726581112",
                        }
                    },
                ),
            ],
        ),
        DemoRequest(
            title="Promosi Toko Kelontong Warga Desa Limbangan",
            organization="kec-kutasari",
            channel=Channel.WHATSAPP,
            creator="staf.ikp2",
            received_at=day_back(1, 10, 0),
            submit_after=2,
            fields={
                "caption": "Toko kelontong milik warga, harga bersahabat, buka setiap hari.",
                "platforms": [Platform.INSTAGRAM],
                "contact_name": "Sutrisno",
                "contact_phone": "081391554420",
            },
            steps=[
                Step("dispose", "kadis", 10),
                Step(
                    "reject",
                    "kabid.ikp",
                    25,
                    {
                        "reason": RejectReason.OUT_OF_SCOPE,
                        "note": "Promosi usaha perorangan berada di luar lingkup layanan publikasi Dinkominfo.",
                    },
                ),
            ],
        ),
        DemoRequest(
            title="Penerimaan Murid Baru SD dan SMP Tahun Ajaran 2026/2027",
            organization="dindik",
            channel=Channel.LETTER,
            creator="staf.ikp1",
            received_at=back(20),
            submit=False,  # the letter's scan has not been uploaded yet
            fields={
                "caption": "Informasi jadwal dan jalur penerimaan murid baru jenjang SD dan SMP negeri.",
                "platforms": [Platform.INSTAGRAM, Platform.FACEBOOK],
                "contact_name": "Nur Hidayah",
                "contact_email": "dindik.humas@example.go.id",
                "letter_number": "400.3/2210/Dindik/2026",
                "letter_signatory": "Kepala Dinas Pendidikan",
                "letter_signed": True,
                "letter_stamped": True,
            },
        ),
        DemoRequest(
            title="Gerakan Bulan Timbang Balita di Posyandu",
            organization="dinkes",
            channel=Channel.WEB,
            creator="op.dinkes",
            received_at=back(8),
            poster=True,
            fields={
                "caption": "Bulan Februari dan Agustus adalah Bulan Timbang. Bawa balita ke posyandu terdekat untuk "
                "ditimbang, diukur, dan mendapat vitamin A.",
                "platforms": [Platform.INSTAGRAM, Platform.FACEBOOK],
                "contact_name": "Rina Marlina",
                "contact_phone": "081327745120",
                "contact_email": "humas.dinkes@example.go.id",
            },
        ),
        DemoRequest(
            title="Gerakan Jumat Bersih Purbalingga Bebas Sampah",
            organization="dlh",
            channel=Channel.LETTER,
            creator="staf.ikp2",
            received_at=back(15),
            submit_after=2,
            scan=True,
            fields={
                "caption": "Ayo ikut Gerakan Jumat Bersih di lingkungan masing-masing. Pilah sampah dari rumah.",
                "platforms": [Platform.INSTAGRAM, Platform.FACEBOOK],
                "contact_name": "Teguh Santoso",
                "contact_email": "dlh@example.go.id",
                "letter_number": "600.4/0931/DLH/2026",
                "letter_signatory": "Kepala Dinas Lingkungan Hidup",
                "letter_signed": True,
                "letter_stamped": True,
            },
        ),
        DemoRequest(
            title="Layanan Adminduk Keliling di Kecamatan Rembang",
            organization="dindukcapil",
            channel=Channel.WHATSAPP,
            creator="staf.ikp2",
            received_at=back(25),
            submit_after=1,
            fields={
                "caption": "Layanan perekaman KTP-el, KIA, dan akta kelahiran keliling hadir di Balai Kecamatan "
                "Rembang. Bawa fotokopi KK.",
                "platforms": [Platform.INSTAGRAM, Platform.FACEBOOK, Platform.TIKTOK],
                "contact_name": "Dewi Anggraeni",
                "contact_phone": "087837220915",
            },
            steps=[
                Step("dispose", "kadis", 3),
                Step(
                    "assign",
                    "pranata.humas",
                    10,
                    {
                        "assignee": "staf.ikp2",
                        "instruction": "Buat video pendek 30 detik untuk TikTok; feed untuk IG dan FB.",
                    },
                ),
            ],
        ),
        DemoRequest(
            title="Imbauan Kewaspadaan Cuaca Ekstrem",
            organization="bpbd",
            channel=Channel.SOCIAL_DM,
            creator="staf.ikp1",
            received_at=back(35),
            submit_after=2,
            fields={
                "caption": "BPBD Purbalingga mengimbau warga waspada hujan lebat disertai angin kencang dan potensi "
                "tanah longsor di wilayah utara.",
                "platforms": [Platform.INSTAGRAM, Platform.X],
                "contact_name": "Rudi Hartono",
                "contact_phone": "081226608731",
            },
            steps=[
                Step("dispose", "kadis", 4),
                Step(
                    "request_completion",
                    "kabid.ikp",
                    15,
                    {"note": "Mohon kirim infografis resolusi tinggi dan sumber data peringatan dini BMKG."},
                ),
            ],
        ),
        DemoRequest(
            title="Panen Raya Padi di Kecamatan Kemangkon",
            organization="distan",
            channel=Channel.INSTAGRAM_COLLAB,
            creator="staf.ikp2",
            received_at=back(40),
            submit_after=1,
            poster=True,
            fields={
                "caption": "Panen raya padi varietas Inpari 32 di Kecamatan Kemangkon bersama kelompok tani.",
                "platforms": [Platform.INSTAGRAM],
                "publish_at": wished,
                "collaborator": "distan.purbalingga",
                "contact_name": "Slamet Riyadi",
                "contact_phone": "085293370148",
                "contact_email": "distan@example.go.id",
            },
            steps=[
                Step("dispose", "kadis", 5),
                Step(
                    "assign",
                    "kabid.ikp",
                    12,
                    {
                        "assignee": "staf.ikp2",
                        "instruction": "Terima undangan kolaborasi dan jadwalkan sesuai waktu tayang yang diminta.",
                    },
                ),
                Step("schedule", "staf.ikp2", 25, {"times": {Platform.INSTAGRAM: wished}}),
            ],
        ),
        DemoRequest(
            title="Festival Gunung Slamet 2026",
            organization="dinporapar",
            channel=Channel.WHATSAPP,
            creator="staf.ikp1",
            received_at=back(49),
            submit_after=1,
            poster=True,
            fields={
                "caption": "Saksikan Festival Gunung Slamet 2026 di Desa Serang, Karangreja: kirab budaya, "
                "pentas seni, dan pasar produk lokal. Gratis!",
                "platforms": [Platform.INSTAGRAM, Platform.FACEBOOK],
                "contact_name": "Andi Kurniawan",
                "contact_phone": "082137719256",
            },
            steps=[Step("dispose", "kadis", 6, {"note": "Prioritaskan, acara pekan ini."})],
        ),
        DemoRequest(
            title="Jadwal Posbindu PTM Desa Bojongsari",
            organization="pkm-bojongsari",
            channel=Channel.WEB,
            creator="op.puskesmas",
            received_at=back(95),
            poster=True,
            fields={
                "caption": "Posbindu PTM Desa Bojongsari: cek tekanan darah, gula darah, dan kolesterol gratis "
                "bagi warga usia 15 tahun ke atas.",
                "platforms": [Platform.INSTAGRAM, Platform.FACEBOOK],
                "contact_name": "Agus Setiawan",
                "contact_phone": "081542207763",
                "contact_email": "pkm.bojongsari@example.go.id",
            },
            steps=[
                Step("dispose", "kadis", 7),
                Step(
                    "assign",
                    "kabid.ikp",
                    20,
                    {
                        "assignee": "staf.ikp1",
                        "instruction": "Desain ulang sesuai template feed; tayangkan di IG dan FB.",
                    },
                ),
            ],
        ),
    ]


# --- loading --------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    office: bool = False
    organizations: int = 0
    users: int = 0
    requests: int = 0
    standard: bool = False


def ensure_office() -> bool:
    from warta.core.models import OfficeProfile

    office = OfficeProfile.objects.filter(pk=1).first()
    if office is None:
        OfficeProfile(**OFFICE).save()
        return True
    blank = {k: v for k, v in OFFICE.items() if not getattr(office, k)}
    if blank:
        for key, value in blank.items():
            setattr(office, key, value)
        office.save()
    return False


def ensure_organizations() -> int:
    created = 0
    for spec in ORGANIZATIONS:
        parent = Organization.objects.get(code=spec.parent) if spec.parent else None
        _org, made = Organization.objects.get_or_create(
            code=spec.code, defaults={"name": spec.name, "kind": spec.kind, "parent": parent}
        )
        created += made
    return created


def ensure_users() -> int:
    from django.contrib.auth.models import Group

    created = 0
    for spec in USERS:
        if User.objects.filter(username=spec.username).exists():
            continue
        user = User(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            position=spec.position,
            email=f"{spec.username.replace('.', '-')}@example.go.id",
            organization=Organization.objects.get(code=spec.organization) if spec.organization else None,
            is_staff=spec.superuser,
            is_superuser=spec.superuser,
        )
        user.set_password(PASSWORD)
        user.save()
        user.groups.set([Group.objects.get_or_create(name=spec.role)[0]])
        created += 1
    return created


def _catch_up_timers(req: PublicationRequest, at: dt.datetime) -> None:
    """What the timers would have done by `at` on a request that is closed before the demo starts:
    the warnings are marked sent and a missed deadline enters the breach register."""
    from warta.clock.services import record_breach

    if not req.is_open or req.sla_closed_at or req.paused_at or req.due_at is None:
        return
    changed = []
    for moment, claimed in (("half_at", "half_notified_at"), ("at_risk_at", "at_risk_notified_at")):
        when = getattr(req, moment)
        if when and when <= at and getattr(req, claimed) is None:
            setattr(req, claimed, when)
            changed.append(claimed)
    if req.due_at <= at and req.due_notified_at is None:
        req.due_notified_at = req.due_at
        changed.append("due_notified_at")
        people, role = holders(req)
        record_breach(
            req,
            label=str(req),
            url=req.get_absolute_url(),
            step=step_name(req),
            holder=people[0] if len(people) == 1 and not role else None,
            holder_role=role or "",
            detected_at=req.due_at,
        )
    if changed:
        PublicationRequest.objects.filter(pk=req.pk).update(**{name: getattr(req, name) for name in changed})


def _build(spec: DemoRequest, cal: WorkCalendar, now: dt.datetime, users: dict[str, User]) -> PublicationRequest:
    org = Organization.objects.get(code=spec.organization)
    uploads = []
    if spec.poster:
        uploads.append(
            Upload(
                ContentFile(poster_png(spec.title), name="poster.png"),
                Attachment.Kind.CONTENT,
                alt_text=f"Poster: {spec.title}",
                name="poster.png",
            )
        )
    if spec.scan:
        number = spec.fields.get("letter_number", "")
        uploads.append(
            Upload(
                ContentFile(letter_pdf(number, org.name), name="surat.pdf"),
                Attachment.Kind.LETTER_SCAN,
                name="surat.pdf",
            )
        )
    fields = {"title": spec.title, **spec.fields}
    if spec.channel == Channel.LETTER:
        fields.setdefault("letter_date", cal.local_date(spec.received_at) - dt.timedelta(days=1))

    def at(minutes: int) -> dt.datetime:
        moment = add_working_time(cal, spec.received_at, dt.timedelta(minutes=minutes))
        return min(moment, now)

    with transaction.atomic():
        req = create_request(
            user=users[spec.creator],
            organization=org,
            channel=spec.channel,
            received_at=spec.received_at,
            fields=fields,
            uploads=uploads,
            submit=False,
        )
        if spec.submit:
            # Submitted as intake does it ("new → submitted"), at the moment it was received or logged.
            transitions.perform(req, "submit", users[spec.creator], now=at(spec.submit_after), is_new=True)
        for step in spec.steps:
            moment = at(step.minutes)
            req.refresh_from_db()
            _catch_up_timers(req, moment)
            data = {k: (users[v] if k == "assignee" else v) for k, v in step.data.items()}
            transitions.perform(req, step.action, users[step.username], data, contact=step.contact, now=moment)
    req.refresh_from_db()
    return req


def ensure_standard() -> bool:
    """Imports the project's copy of the standard when no service exists yet."""
    from django.conf import settings
    from django.core.management import call_command

    from warta.standards.models import Service

    if Service.objects.exists():
        return False
    path = settings.BASE_DIR / "warta" / "standards" / "data" / "standar-publikasi-konten-media-sosial.txt"
    call_command("import_standard", str(path), stdout=io.StringIO())
    return True


def load(now: dt.datetime | None = None, log: Callable[[str], None] | None = None) -> LoadResult:
    """Loads the demo (idempotent). `now` defaults to the current time."""
    from warta.clock.services import get_calendar

    now = now or timezone.now()
    result = LoadResult()
    result.standard = ensure_standard()
    result.office = ensure_office()
    result.organizations = ensure_organizations()
    result.users = ensure_users()
    users = {u.username: u for u in User.objects.filter(username__in=[s.username for s in USERS])}
    cal = get_calendar()
    specs = sorted(plan(cal, now), key=lambda s: s.received_at)
    for spec in specs:
        if PublicationRequest.objects.filter(organization__code=spec.organization, title=spec.title).exists():
            continue
        req = _build(spec, cal, now, users)
        result.requests += 1
        if log:
            log(f"  {req.number}  {req.get_status_display()}  {req.title}")
    return result
