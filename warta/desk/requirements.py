"""What a request needs before it can be submitted (Persyaratan of the standard)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from warta.desk.models import CAPTION_LIMITS, Attachment, Channel, Platform, PublicationRequest, caption_length


def missing_requirements(req: PublicationRequest) -> dict[str, str]:
    """Field → what is missing, in the active language. Empty when the request is complete."""
    problems: dict[str, str] = {}
    if not (req.title or "").strip():
        problems["title"] = _("Judul wajib diisi.")
    if not (req.caption or "").strip() and not any((req.captions or {}).values()):
        problems["caption"] = _("Keterangan/caption wajib diisi.")
    platforms = list(req.platforms or [])
    if not platforms:
        problems["platforms"] = _("Pilih sedikitnya satu platform tujuan.")
    unknown = [p for p in platforms if p not in Platform.values]
    if unknown:
        problems["platforms"] = _("Platform tidak dikenal: %(names)s.") % {"names": ", ".join(map(str, unknown))}
    for platform, limit in CAPTION_LIMITS.items():
        length = caption_length(platform, req.caption_for(platform))
        if platform in platforms and length > limit:
            problems[f"captions.{platform}"] = _(
                "Caption untuk %(platform)s paling banyak %(limit)d karakter (sekarang %(count)d)."
            ) % {"platform": Platform(platform).label, "limit": limit, "count": length}
    for platform in req.captions or {}:
        if platform not in platforms:
            problems[f"captions.{platform}"] = _("Caption untuk platform yang tidak dituju.")
    if not (req.contact_name or "").strip():
        problems["contact.name"] = _("Nama narahubung wajib diisi.")
    if not (req.contact_phone or "").strip() and not (req.contact_email or "").strip():
        problems["contact.phone"] = _("Isi nomor WhatsApp atau e-mail narahubung.")
    if req.channel == Channel.INSTAGRAM_COLLAB and not (req.collaborator or "").strip():
        problems["collaborator"] = _("Kolaborasi Instagram memerlukan akun kolaborator.")
    if req.channel == Channel.LETTER:
        if not (req.letter_number or "").strip():
            problems["letter.number"] = _("Nomor surat wajib diisi.")
        if not req.letter_date:
            problems["letter.date"] = _("Tanggal surat wajib diisi.")
        if not (req.letter_signatory or "").strip():
            problems["letter.signatory"] = _("Penanda tangan surat wajib diisi.")
        if not req.letter_signed:
            problems["letter.signed"] = _("Surat harus ditandatangani Kepala OPD/UPT.")
        if not req.letter_stamped:
            problems["letter.stamped"] = _("Surat harus dibubuhi cap/stempel OPD.")
        has_scan = req.pk and req.attachments.filter(kind=Attachment.Kind.LETTER_SCAN).exists()
        if not has_scan:
            problems["letter.scan"] = _("Unggah pindaian surat.")
    return problems
