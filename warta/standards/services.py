"""What other apps ask of the standard.

    service = get_service()                         # the first (usually only) service
    get_value(service, "completion_time")           # {"amount": 1, "unit": "hours"}
    get_value(service, "complaint_tiers")           # [{"key": "light", "label": ..., "amount": 3, "unit": "hours"}, ...]
    complaint_channels(service)                     # [{"kind", "label", "value", "href"}, ...]

Values are the admin's correction where there is one, else what was read from the standard.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from django.utils.translation import gettext as _

from warta.notify.send import normalize_phone, wa_link
from warta.standards.extract import KEYS
from warta.standards.models import Service, ServiceValue

# The office's publication service: the one a request, a survey answer or a page belongs to when
# nothing names another.
DEFAULT_SERVICE_SLUG = "publikasi-konten-media-sosial"


def default_service() -> Service | None:
    """The one rule for "the" service: the publication service by its slug, else the first by
    number (then title); None before any standard has been imported."""
    return (
        Service.objects.filter(slug=DEFAULT_SERVICE_SLUG).first()
        or Service.objects.order_by("number", "title", "pk").first()
    )


def get_service(slug: str | None = None) -> Service:
    """The service with `slug`, or the default one. Raises `Service.DoesNotExist` when there is none."""
    if slug is not None:
        return Service.objects.get(slug=slug)
    service = default_service()
    if service is None:
        raise Service.DoesNotExist("No service standard has been imported yet.")
    return service


def _values(service: Service) -> dict[str, ServiceValue]:
    # Uses the prefetched rows when the caller prefetched `values`.
    return {v.key: v for v in service.values.all()}


def get_value(service: Service, key: str) -> Any:
    """The effective value for `key` (one of extract.KEYS), or None when the standard has none."""
    if key not in KEYS:
        raise KeyError(key)
    value = _values(service).get(key)
    return value.effective if value is not None else None


def phone_href(number: str) -> str:
    """ "(0281) 8902091" -> "tel:+622818902091"."""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+"):
        return f"tel:+{digits}"
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return f"tel:+{digits}" if digits else ""


def whatsapp_href(number: str) -> str:
    """ "0817465999" -> "https://wa.me/62817465999"."""
    return wa_link(number) if normalize_phone(number) else ""


SOCIAL = {
    "instagram": ("Instagram", "https://www.instagram.com/{}"),
    "x": ("Twitter/X", "https://x.com/{}"),
    "facebook": ("Facebook", "https://www.facebook.com/{}"),
    "tiktok": ("TikTok", "https://www.tiktok.com/@{}"),
    "youtube": ("YouTube", "https://www.youtube.com/@{}"),
}


def social_href(platform: str, handle: str) -> str:
    handle = handle.strip()
    if re.match(r"^https?://", handle):
        return handle
    handle = handle.lstrip("@")
    if platform == "facebook" and re.search(r"\s", handle):
        # A page's display name, not its address: search for it.
        return "https://www.facebook.com/search/top/?q=" + quote(handle)
    pattern = SOCIAL.get(platform, ("", ""))[1]
    return pattern.format(quote(handle, safe="._-")) if pattern else ""


def channel_list(channels: dict[str, Any] | None) -> list[dict[str, str]]:
    """The channels as {kind, label, value, href} in the order a citizen reads them."""
    channels = channels or {}
    items: list[dict[str, str]] = []
    if channels.get("face_to_face"):
        items.append({"kind": "face_to_face", "label": _("Tatap muka"), "value": channels["face_to_face"], "href": ""})
    if channels.get("complaint_box"):
        items.append(
            {"kind": "complaint_box", "label": _("Kotak pengaduan"), "value": channels["complaint_box"], "href": ""}
        )
    whatsapp = channels.get("whatsapp")
    if isinstance(whatsapp, dict) and whatsapp.get("number"):
        shown = whatsapp["number"] + (f" ({whatsapp['name']})" if whatsapp.get("name") else "")
        items.append(
            {"kind": "whatsapp", "label": "WhatsApp", "value": shown, "href": whatsapp_href(whatsapp["number"])}
        )
    if channels.get("telephone"):
        items.append(
            {
                "kind": "telephone",
                "label": _("Telepon"),
                "value": channels["telephone"],
                "href": phone_href(channels["telephone"]),
            }
        )
    if channels.get("email"):
        items.append(
            {"kind": "email", "label": _("E-mail"), "value": channels["email"], "href": f"mailto:{channels['email']}"}
        )
    if channels.get("lapor"):
        url = channels["lapor"]
        items.append(
            {
                "kind": "lapor",
                "label": "SP4N-LAPOR!",
                "value": re.sub(r"^https?://", "", url).rstrip("/"),
                "href": url if re.match(r"^https?://", url) else f"https://{url}",
            }
        )
    social = channels.get("social")
    if isinstance(social, dict):
        # jsonb (PostgreSQL) does not keep key order: show the platforms in a fixed order.
        platforms = [p for p in SOCIAL if p in social] + sorted(p for p in social if p not in SOCIAL)
        for platform in platforms:
            handle = social[platform]
            if not isinstance(handle, str) or not handle:
                continue
            label = SOCIAL.get(platform, (platform.title(), ""))[0]
            shown = handle if platform == "facebook" or handle.startswith(("@", "http")) else f"@{handle}"
            items.append({"kind": platform, "label": label, "value": shown, "href": social_href(platform, handle)})
    return items


def complaint_channels(service: Service) -> list[dict[str, str]]:
    return channel_list(get_value(service, "complaint_channels"))


LIST_ITEM_RE = re.compile(r"<li\b[^>]*>(.*?)</li>", re.IGNORECASE | re.DOTALL)
LIST_MARK_RE = re.compile(r"^[a-z0-9]{1,3}[.)]\s+", re.IGNORECASE)


def component_items(service: Service, part: str, *words: str) -> list[str]:
    """The list items of the first component of `part` whose name holds one of `words`, as plain
    text without their "a." marks (e.g. the competences the standard asks of its executors)."""
    from warta.standards.models import Component
    from warta.standards.parser import html_to_text

    for component in Component.objects.filter(service=service, part=part).order_by("position"):
        if any(word in component.name.lower() for word in words):
            items = [html_to_text(m.group(1)).replace("\n", " ") for m in LIST_ITEM_RE.finditer(component.body)]
            return [LIST_MARK_RE.sub("", item).rstrip(";.").strip() for item in items if item.strip()]
    return []


def competences(service: Service) -> list[str]:
    """The standard's "Kompetensi Pelaksana(an)": what each executor must know and be."""
    from warta.standards.models import Part

    return component_items(service, Part.MANUFACTURING, "kompetensi")
