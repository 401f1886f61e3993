"""The values that configure the service, read from the standard."""

from __future__ import annotations

import pytest

from warta.standards.extract import parse_duration, parse_executors, parse_fee, parse_tiers, validate_value
from warta.standards.parser import parse_standard


def test_values_of_the_real_standard_with_their_source(real_text):
    values = parse_standard(real_text).values
    assert values["completion_time"].value == {"amount": 1, "unit": "hours"}
    assert values["completion_time"].source == "Maksimal 1 Jam"
    assert values["fee"].value == 0
    assert values["fee"].source == "Gratis"
    assert values["executors"].value == 1
    assert values["executors"].source == "1 (satu) orang Staf"


def test_complaint_tiers_of_the_real_standard(real_text):
    tiers = parse_standard(real_text).values["complaint_tiers"]
    assert [(t["key"], t["amount"], t["unit"]) for t in tiers.value] == [
        ("light", 3, "hours"),
        ("normative", 5, "hours"),
        ("no_supervision", 1, "days"),
        ("investigation", 30, "working_days"),
    ]
    assert tiers.value[0]["label"] == "Pengaduan ringan"
    assert tiers.value[3]["label"] == "Pengaduan berkadar pengawasan dan memerlukan pemeriksaan"
    assert "selambat-lambatnya 30 hari kerja" in tiers.source


def test_complaint_channels_of_the_real_standard(real_text):
    channels = parse_standard(real_text).values["complaint_channels"]
    assert channels.value == {
        "face_to_face": "Tatap Muka langsung kepada Pejabat Pengelola Pengaduan",
        "complaint_box": "Tertulis disampaikan ke Kotak Pengaduan",
        "whatsapp": {"number": "0817465999", "name": "Riyang Herlambang"},
        "telephone": "(0281) 8902091",
        "email": "dinkominfo@purbalinggakab.go.id",
        "lapor": "https://www.lapor.go.id",
        "social": {"instagram": "dinkominfoPbg", "x": "dinkominfoPbg", "facebook": "Dinkominfo Pbg"},
    }
    assert "WA: 0817465999 (Riyang Herlambang)" in channels.source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Maksimal 1 Jam", {"amount": 1, "unit": "hours"}),
        ("paling lama 2 (dua) hari kerja", {"amount": 2, "unit": "working_days"}),
        ("3 hari", {"amount": 3, "unit": "days"}),
        ("satu jam", {"amount": 1, "unit": "hours"}),
        ("segera", None),
        ("0 jam", None),
    ],
)
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Gratis", 0), ("Tidak dipungut biaya", 0), ("Rp 10.000", 10000), ("Rp. 2.500,00", 2500), ("lihat perda", None)],
)
def test_parse_fee(text, expected):
    assert parse_fee(text) == expected


def test_parse_executors():
    assert parse_executors("1 (satu) orang Staf") == 1
    assert parse_executors("dua orang") == 2
    assert parse_executors("staf") is None


def test_validate_value_shapes():
    assert validate_value("completion_time", {"amount": 2, "unit": "hours"}) == []
    assert validate_value("completion_time", {"amount": 0, "unit": "hours"})
    assert validate_value("completion_time", {"amount": 2, "unit": "minutes"})
    assert validate_value("fee", 0) == []
    assert validate_value("fee", -1) and validate_value("fee", True) and validate_value("fee", "0")
    assert validate_value("executors", 2) == [] and validate_value("executors", 0)
    good_tier = {"key": "light", "label": "Ringan", "amount": 3, "unit": "hours"}
    assert validate_value("complaint_tiers", [good_tier]) == []
    assert validate_value("complaint_tiers", [])
    assert validate_value("complaint_tiers", [good_tier, good_tier])  # keys must be unique
    assert validate_value("complaint_channels", {"telephone": "(0281) 1", "social": {"instagram": "a"}}) == []
    assert validate_value("complaint_channels", {"pigeon": "x"})
    assert validate_value("complaint_channels", {"social": {"myspace": "x"}})
    assert validate_value("unknown", 1)


def test_a_value_that_cannot_be_read_is_a_problem_on_its_components_line():
    text = (
        "## 3. Standar Contoh\n"
        "### Service Delivery\n"
        "1\tJangka Waktu Penyelesaian : secepatnya\n"
        "2\tBiaya (Tarif) : Rp 5.000\n"
        "## Manufacturing\n"
        "1\tJumlah Pelaksana : beberapa orang staf\n"
    )
    parsed = parse_standard(text)
    assert parsed.values["fee"].value == 5000 and parsed.values["fee"].source == "Rp 5.000"
    assert "completion_time" not in parsed.values and "executors" not in parsed.values
    problems = {(p.line, p.message) for p in parsed.problems if p.kind == "value"}
    assert (3, "nilai completion_time tidak terbaca dari Jangka Waktu Penyelesaian") in problems
    assert (6, "nilai executors tidak terbaca dari Jumlah Pelaksana") in problems
    assert (1, "komponen untuk nilai complaint_tiers tidak ditemukan") in problems


def test_tiers_with_the_same_kind_get_their_own_keys():
    tiers, _sources = parse_tiers(
        [
            "a. Pengaduan ringan selambat-lambatnya 3 jam",
            "b. Pengaduan ringan lainnya selambat-lambatnya 4 jam",
            "c. Pengaduan khusus selambat-lambatnya 2 hari",
        ]
    )
    assert [t["key"] for t in tiers] == ["light", "light_2", "khusus"]


def test_a_corrected_channel_link_must_be_http():
    assert validate_value("complaint_channels", {"lapor": "https://www.lapor.go.id"}) == []
    assert validate_value("complaint_channels", {"lapor": "lapor.go.id"}) == []
    assert validate_value("complaint_channels", {"lapor": "javascript:alert(1)"})
    assert validate_value("complaint_channels", {"social": {"instagram": "@dinkominfopbg"}}) == []
    assert validate_value("complaint_channels", {"social": {"instagram": "https://instagram.com/dinkominfopbg"}}) == []
    assert validate_value("complaint_channels", {"social": {"x": "javascript:alert(1)"}})
