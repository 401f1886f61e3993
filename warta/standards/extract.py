"""The values that configure the service, read from a parsed standard (pure: no database).

Each value keeps the text it was read from, so that a re-import can tell whether the source
changed (and an admin's correction must be looked at again). Shapes (the clock relies on them):

- completion_time: {"amount": 1, "unit": "hours"}               unit: hours | days | working_days
- fee: 0                                                         rupiah
- complaint_tiers: [{"key": "light", "label": "Pengaduan ringan", "amount": 3, "unit": "hours"}, ...]
- executors: 1
- complaint_channels: {"whatsapp": {"number": "0817465999", "name": "..."}, "telephone": "...",
  "email": "...", "social": {"instagram": "dinkominfoPbg", "x": "...", "facebook": "..."},
  "lapor": "https://www.lapor.go.id", "face_to_face": "...", "complaint_box": "..."}
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from warta.core.validators import is_http_url
from warta.standards.parser import MANUFACTURING, SERVICE_DELIVERY, Component, Extracted, Problem, unique_key

KEYS = ("completion_time", "fee", "complaint_tiers", "executors", "complaint_channels")
UNITS = ("hours", "days", "working_days")
TIER_KEYS = ("light", "normative", "no_supervision", "investigation")
SOCIAL_PLATFORMS = ("instagram", "x", "facebook", "tiktok", "youtube")
CHANNEL_KEYS = ("whatsapp", "telephone", "email", "social", "lapor", "face_to_face", "complaint_box")

WORD_NUMBERS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
}
_NUMBER = r"(\d{1,5}|" + "|".join(WORD_NUMBERS) + r")"
DURATION_RE = re.compile(_NUMBER + r"\s*(?:\([a-z ]+\)\s*)?(jam|hari\s+kerja|hari)\b", re.IGNORECASE)
TIER_RE = re.compile(
    r"^(?:[a-z0-9]{1,3}[.)]\s*)?(pengaduan\s+.+?)\s*[,;:]?\s*selambat-?lambatnya\s+(.+)$", re.IGNORECASE
)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else WORD_NUMBERS[word.lower()]


def parse_duration(text: str) -> dict[str, Any] | None:
    """ "Maksimal 1 Jam" -> {"amount": 1, "unit": "hours"}; "30 hari kerja" -> working_days."""
    match = DURATION_RE.search(text)
    if not match:
        return None
    amount = _number(match.group(1))
    unit_word = re.sub(r"\s+", " ", match.group(2).lower())
    unit = {"jam": "hours", "hari": "days", "hari kerja": "working_days"}[unit_word]
    if amount < 1:
        return None
    return {"amount": amount, "unit": unit}


def parse_fee(text: str) -> int | None:
    lowered = text.lower()
    if re.search(r"\bgratis\b|tidak dipungut|tanpa biaya|bebas biaya", lowered):
        return 0
    match = re.search(r"rp\.?\s*([\d.,]+)", lowered)
    if match:
        digits = re.sub(r"[.,]\d{2}$", "", match.group(1))
        digits = re.sub(r"\D", "", digits)
        return int(digits) if digits else None
    return None


def parse_executors(text: str) -> int | None:
    match = re.search(_NUMBER, text, re.IGNORECASE)
    if not match:
        return None
    value = _number(match.group(1))
    return value if value >= 1 else None


def tier_key(label: str, used: set[str]) -> str:
    lowered = label.lower()
    if "ringan" in lowered:
        key = "light"
    elif "normatif" in lowered:
        key = "normative"
    elif "tidak berkadar" in lowered:
        key = "no_supervision"
    elif "berkadar pengawasan" in lowered or "pemeriksaan" in lowered:
        key = "investigation"
    else:
        key = re.sub(r"[^a-z0-9]+", "_", lowered.removeprefix("pengaduan ")).strip("_")[:40] or "tier"
    return unique_key(key, used, "_")


def parse_tiers(lines: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    tiers: list[dict[str, Any]] = []
    sources: list[str] = []
    used: set[str] = set()
    for line in lines:
        match = TIER_RE.match(line)
        if not match:
            continue
        duration = parse_duration(match.group(2))
        if duration is None:
            continue
        label = match.group(1).strip().rstrip(",;:")
        label = label[:1].upper() + label[1:]
        tiers.append({"key": tier_key(label, used), "label": label[:120], **duration})
        sources.append(line)
    return tiers, sources


def _handle(value: str) -> str:
    return value.strip().strip(",.;").strip().lstrip("@").strip()


def parse_channels(lines: list[str]) -> tuple[dict[str, Any], list[str]]:
    channels: dict[str, Any] = {}
    sources: list[str] = []
    social: dict[str, str] = {}
    for raw in lines:
        line = re.sub(r"^[-•*]\s*", "", raw).strip()
        lowered = line.lower()
        found = True
        social_match = re.match(
            r"^(instagram|ig|twitter\s*/\s*x|twitter|x|facebook|fb|tiktok|youtube)\s*:\s*(.+)$", line, re.IGNORECASE
        )
        if social_match:
            platform = social_match.group(1).lower().replace(" ", "")
            platform = {"ig": "instagram", "twitter": "x", "twitter/x": "x", "fb": "facebook"}.get(platform, platform)
            handle = _handle(social_match.group(2))
            if handle and platform not in social:
                social[platform] = handle[:100]
            else:
                found = False
        elif re.match(r"^(wa|whatsapp)\b", lowered) and PHONE_RE.search(line) and "whatsapp" not in channels:
            phone = PHONE_RE.search(line)
            assert phone is not None
            name = re.search(r"\(([^)\d][^)]*)\)\s*[.,;]?$", line)
            channels["whatsapp"] = {
                "number": re.sub(r"[^\d+]", "", phone.group(0)),
                "name": name.group(1) if name else "",
            }
        elif re.match(r"^(telepon|telp|tel|phone|telephone)\b", lowered) and PHONE_RE.search(line):
            phone = PHONE_RE.search(line)
            assert phone is not None
            channels.setdefault("telephone", phone.group(0).strip())
        elif re.match(r"^(e-?mail|surel|surat elektronik)\b", lowered) and EMAIL_RE.search(line):
            email = EMAIL_RE.search(line)
            assert email is not None
            channels.setdefault("email", email.group(0))
        elif "lapor" in lowered:
            url = re.search(r"(?:https?://)?(?:www\.)?lapor\.go\.id[^\s)]*", line, re.IGNORECASE)
            channels.setdefault(
                "lapor", "https://www.lapor.go.id" + (url.group(0).split("lapor.go.id", 1)[1] if url else "")
            )
        elif "tatap muka" in lowered:
            channels.setdefault("face_to_face", line.rstrip(";,."))
        elif "kotak pengaduan" in lowered or "kotak saran" in lowered:
            channels.setdefault("complaint_box", line.rstrip(";,."))
        else:
            found = False
        if found:
            sources.append(raw)
    if social:
        channels["social"] = social
    return channels, sources


def _find(components: list[Component], part: str, *words: str, exclude: str = "") -> Component | None:
    for component in components:
        name = component.name.lower()
        if component.part == part and any(w in name for w in words) and not (exclude and exclude in name):
            return component
    return None


def extract_values(components: list[Component]) -> tuple[dict[str, Extracted], list[Problem]]:
    values: dict[str, Extracted] = {}
    problems: list[Problem] = []
    reported: set[str] = set()

    def missing(key: str, component: Component) -> None:
        reported.add(key)
        text = _("nilai %(key)s tidak terbaca dari %(what)s") % {"key": key, "what": component.name}
        problems.append(Problem(component.line, text, kind="value"))

    # The values read from one component's own text: (key, part, words in its name, unless, parse).
    single: tuple[tuple[str, str, tuple[str, ...], str, Callable[[str], Any]], ...] = (
        ("completion_time", SERVICE_DELIVERY, ("jangka waktu", "waktu penyelesaian"), "pengaduan", parse_duration),
        ("fee", SERVICE_DELIVERY, ("biaya", "tarif"), "", parse_fee),
        ("executors", MANUFACTURING, ("jumlah pelaksana",), "", parse_executors),
    )
    for key, part, words, exclude, parse in single:
        component = _find(components, part, *words, exclude=exclude)
        if component is None:
            continue
        source = component.inline_value or component.text
        value = parse(source)
        if value is not None:
            values[key] = Extracted(key, value, source, component.line)
        else:
            missing(key, component)
    complaints = _find(components, SERVICE_DELIVERY, "pengaduan")
    if complaints is not None:
        lines = complaints.text.split("\n")
        tiers, tier_sources = parse_tiers(lines)
        if tiers:
            values["complaint_tiers"] = Extracted("complaint_tiers", tiers, "\n".join(tier_sources), complaints.line)
        else:
            missing("complaint_tiers", complaints)
        channels, channel_sources = parse_channels([line for line in lines if line not in tier_sources])
        if channels:
            values["complaint_channels"] = Extracted(
                "complaint_channels", channels, "\n".join(channel_sources), complaints.line
            )
        else:
            missing("complaint_channels", complaints)
    for key in KEYS:
        if key not in values and key not in reported:
            problems.append(Problem(1, _("komponen untuk nilai %(key)s tidak ditemukan") % {"key": key}, kind="value"))
    return values, problems


# --- checking an admin's correction --------------------------------------------------------------


def _is_int(value: Any, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _duration_errors(value: Any, where: str) -> list[str]:
    if not isinstance(value, dict):
        return [_("%(where)s harus berupa objek {amount, unit}") % {"where": where}]
    errors = []
    if not _is_int(value.get("amount"), 1):
        errors.append(_("%(where)s: amount harus bilangan bulat ≥ 1") % {"where": where})
    if value.get("unit") not in UNITS:
        errors.append(
            _("%(where)s: unit harus salah satu dari %(units)s") % {"where": where, "units": ", ".join(UNITS)}
        )
    return errors


def validate_value(key: str, value: Any) -> list[str]:
    """Errors in a value (an admin's correction) for `key`; empty when it has the right shape."""
    if key not in KEYS:
        return [_("kunci tidak dikenal: %(key)s") % {"key": key}]
    if key == "completion_time":
        return _duration_errors(value, "completion_time")
    if key == "fee":
        return [] if _is_int(value, 0) else [_("fee harus bilangan bulat ≥ 0 (rupiah)")]
    if key == "executors":
        return [] if _is_int(value, 1) else [_("executors harus bilangan bulat ≥ 1")]
    if key == "complaint_tiers":
        if not isinstance(value, list) or not value:
            return [_("complaint_tiers harus berupa daftar yang tidak kosong")]
        errors = []
        seen = set()
        for i, tier in enumerate(value, start=1):
            where = f"complaint_tiers[{i}]"
            if not isinstance(tier, dict):
                errors.append(_("%(where)s harus berupa objek") % {"where": where})
                continue
            if not isinstance(tier.get("key"), str) or not tier["key"] or tier["key"] in seen:
                errors.append(_("%(where)s: key harus teks yang unik") % {"where": where})
            seen.add(tier.get("key"))
            if not isinstance(tier.get("label"), str) or not tier["label"]:
                errors.append(_("%(where)s: label harus diisi") % {"where": where})
            errors.extend(_duration_errors(tier, where))
        return errors
    # complaint_channels
    if not isinstance(value, dict):
        return [_("complaint_channels harus berupa objek")]
    errors = []
    for name, item in value.items():
        if name not in CHANNEL_KEYS:
            errors.append(_("complaint_channels: saluran tidak dikenal: %(name)s") % {"name": name})
        elif name == "whatsapp":
            if not isinstance(item, dict) or not isinstance(item.get("number"), str) or not item["number"]:
                errors.append(_("complaint_channels.whatsapp harus berupa {number, name}"))
        elif name == "social":
            if not isinstance(item, dict) or not all(
                k in SOCIAL_PLATFORMS and isinstance(v, str) and v for k, v in item.items()
            ):
                errors.append(
                    _("complaint_channels.social harus berupa {platform: akun}, platform: %(p)s")
                    % {"p": ", ".join(SOCIAL_PLATFORMS)}
                )
        elif not isinstance(item, str) or not item:
            errors.append(_("complaint_channels.%(name)s harus berupa teks") % {"name": name})
        elif name == "lapor" and _has_scheme(item) and not is_http_url(item):
            errors.append(_("complaint_channels.lapor harus berupa alamat http:// atau https://"))
        if name == "social" and isinstance(item, dict):
            for platform, handle in item.items():
                if isinstance(handle, str) and _has_scheme(handle) and not is_http_url(handle):
                    errors.append(
                        _("complaint_channels.social.%(p)s: tautan harus diawali http:// atau https://")
                        % {"p": platform}
                    )
    return errors


def _has_scheme(value: str) -> bool:
    """ "javascript:…", "https://…" (a scheme), not "lapor.go.id" or "@dinkominfopbg"."""
    return bool(re.match(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:", value))
