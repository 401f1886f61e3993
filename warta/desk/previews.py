"""The request page's per-platform preview (warta.social.preview) fed from the request: the targets,
the caption per platform, the content images' thumbnails and the links."""

from __future__ import annotations

from django.urls import reverse

from warta.core import uploads
from warta.core.office import get_office
from warta.desk.models import Attachment, PublicationRequest
from warta.social import preview


def for_request(req: PublicationRequest) -> list[preview.Preview]:
    """Before posting only: nothing once the request is published, refused or cancelled."""
    if not req.is_open:
        return []
    targets = [p for p in req.platforms if p in preview.PLATFORMS]
    if not targets:
        return []
    images = [
        preview.Image(reverse("attachment-thumbnail", args=[req.number, a.pk]), a.alt_text)
        for a in req.attachments.filter(kind=Attachment.Kind.CONTENT).order_by("uploaded_at", "pk")
        if uploads.is_image(a.content_type)
    ]
    return preview.build(
        targets,
        {p: req.caption_for(p) for p in targets},
        images,
        links=list(req.links or []),
        default_handle=get_office().short_name,
    )
