"""The questionnaire of PermenPANRB 14/2017: the nine elements, their answer labels, the profile lists."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Element:
    code: str  # "u1" … "u9"
    name: Promise
    question: Promise
    labels: tuple[Promise, Promise, Promise, Promise]  # for the answers 1, 2, 3, 4

    @property
    def number(self) -> int:
        return int(self.code[1:])

    @property
    def short(self) -> str:
        return self.code.upper()

    def choices(self) -> list[tuple[str, str]]:
        return [(str(value), str(label)) for value, label in zip((1, 2, 3, 4), self.labels, strict=True)]


_SESUAI = (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai"))
_BAIK = (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik"))

ELEMENTS: tuple[Element, ...] = (
    Element(
        "u1",
        _("Persyaratan"),
        _("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
        _SESUAI,
    ),
    Element(
        "u2",
        _("Sistem, Mekanisme, dan Prosedur"),
        _("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    Element(
        "u3",
        _("Waktu Penyelesaian"),
        _("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    Element(
        "u4",
        _("Biaya/Tarif"),
        _("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    Element(
        "u5",
        _("Produk Spesifikasi Jenis Pelayanan"),
        _(
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
            "pelayanan dengan hasil yang diberikan?"
        ),
        _SESUAI,
    ),
    Element(
        "u6",
        _("Kompetensi Pelaksana"),
        _("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
        (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    ),
    Element(
        "u7",
        _("Perilaku Pelaksana"),
        _("Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"),
        (_("Tidak sopan dan ramah"), _("Kurang sopan dan ramah"), _("Sopan dan ramah"), _("Sangat sopan dan ramah")),
    ),
    Element(
        "u8",
        _("Penanganan Pengaduan, Saran dan Masukan"),
        _("Bagaimana pendapat Saudara tentang penanganan pengaduan, saran dan masukan pengguna layanan?"),
        _BAIK,
    ),
    Element(
        "u9",
        _("Sarana dan Prasarana"),
        _("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana pelayanan?"),
        _BAIK,
    ),
)
ELEMENT_CODES: tuple[str, ...] = tuple(e.code for e in ELEMENTS)


class Sex(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class Education(models.TextChoices):
    SD = "SD", _("SD ke bawah")
    SMP = "SMP", _("SMP")
    SMA = "SMA", _("SMA/SMK")
    D1_D3 = "D1-D3", _("D1–D3")
    D4_S1 = "D4-S1", _("D4/S1")
    S2 = "S2", _("S2")
    S3 = "S3", _("S3")


class Occupation(models.TextChoices):
    PNS = "PNS", _("PNS")
    TNI = "TNI", _("TNI")
    POLRI = "POLRI", _("POLRI")
    SWASTA = "SWASTA", _("Pegawai swasta")
    WIRAUSAHA = "WIRAUSAHA", _("Wirausaha")
    LAINNYA = "LAINNYA", _("Lainnya")


# Age bands of the report: (code, label, lowest age, highest age or None).
AGE_BANDS: tuple[tuple[str, Promise, int, int | None], ...] = (
    ("lt20", _("Di bawah 20 tahun"), 0, 19),
    ("20-29", _("20–29 tahun"), 20, 29),
    ("30-39", _("30–39 tahun"), 30, 39),
    ("40-49", _("40–49 tahun"), 40, 49),
    ("50-59", _("50–59 tahun"), 50, 59),
    ("60+", _("60 tahun ke atas"), 60, None),
)
MIN_AGE = 10
MAX_AGE = 120
