"""How a post will look on each platform before it goes out, rendered by the server
(`social/_previews.html`): Instagram's square crop and the caption cut at "… selengkapnya", X's
280-character counter, Facebook's card. Knows nothing of requests: the caller hands over the
platforms, a caption per platform, the images and the links.

X counts characters by weight (twitter-text v3, "weightedLength"): a URL always counts 23, a
character in the ranges U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037 counts 1,
any other code point 2 (CJK, emoji). Simplifications, on the safe side or close to it: the text
is NFC-normalised and counted per code point, so an emoji made of several code points (a skin
tone, a ZWJ family) counts 2 for each part where X counts 2 for the whole; and only links written
with http(s):// or www. count as URLs (X also shortens a bare "example.go.id")."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from warta.social.models import Account, Platform
from warta.social.text import X_MAX_PICTURES, X_TEXT_LIMIT, x_length

PLATFORMS = (Platform.INSTAGRAM, Platform.FACEBOOK, Platform.X)

X_LIMIT = X_TEXT_LIMIT

# Instagram's feed shows about 125 characters (at most two lines) before "… selengkapnya" ("more").
INSTAGRAM_FOLD = 125
INSTAGRAM_FOLD_LINES = 2
# Instagram posts images from 4:5 (portrait) to 1.91:1 (landscape); the feed's grid crops to a square.
INSTAGRAM_CAPTION_LIMIT = 2200


def instagram_fold(text: str) -> tuple[str, str]:
    """The caption as Instagram's feed shows it: the part before "… selengkapnya" and the rest
    ("" when the whole caption fits). Cut at 125 characters or after two lines, at a word's end."""
    text = (text or "").strip()
    lines = text.split("\n")
    head = text
    if len(lines) > INSTAGRAM_FOLD_LINES:
        head = "\n".join(lines[:INSTAGRAM_FOLD_LINES])
    if len(head) > INSTAGRAM_FOLD:
        head = head[:INSTAGRAM_FOLD]
        if not text[INSTAGRAM_FOLD].isspace():
            word_start = max(head.rfind(" "), head.rfind("\n"))
            if word_start > INSTAGRAM_FOLD // 2:  # a very long word is cut where it is
                head = head[:word_start]
    head = head.rstrip()
    if len(head) >= len(text):
        return text, ""
    return head, text[len(head) :].strip()


@dataclass(frozen=True)
class Image:
    url: str
    alt: str = ""


@dataclass
class Preview:
    platform: str
    label: str
    handle: str
    caption: str
    images: list[Image] = field(default_factory=list)
    # Instagram: the caption before and after "… selengkapnya".
    shown: str = ""
    more: str = ""
    # X: the weighted length and how far over the limit.
    length: int = 0
    limit: int = 0
    over: int = 0
    # Facebook: the card of the first link when there is no image.
    link: str = ""
    link_host: str = ""

    @property
    def image(self) -> Image | None:
        return self.images[0] if self.images else None

    @property
    def more_images(self) -> int:
        return max(0, len(self.images) - 1)


def build(
    platforms: list[str],
    captions: dict[str, str],
    images: list[Image],
    *,
    links: list[str] | None = None,
    default_handle: str = "",
) -> list[Preview]:
    """One preview per target platform that Warta can preview, in the order the request lists them."""
    targets = [p for p in dict.fromkeys(platforms) if p in PLATFORMS]
    if not targets:
        return []
    handles = dict(
        Account.objects.filter(platform__in=targets, is_active=True).values_list("platform", "handle")
    )  # fmt: skip
    link = next((u for u in links or [] if urlsplit(u).scheme in ("http", "https") and urlsplit(u).hostname), "")
    previews = []
    for platform in targets:
        caption = (captions.get(platform) or "").strip()
        item = Preview(
            platform=platform,
            label=str(Platform(platform).label),
            handle=handles.get(platform) or default_handle,
            caption=caption,
            images=list(images),
        )
        if platform == Platform.INSTAGRAM:
            item.shown, item.more = instagram_fold(caption)
            item.limit = INSTAGRAM_CAPTION_LIMIT
            item.length = len(caption)
            item.over = max(0, item.length - item.limit)
        elif platform == Platform.X:
            item.images = item.images[:X_MAX_PICTURES]  # what X takes in one post
            item.length = x_length(caption)
            item.limit = X_LIMIT
            item.over = max(0, item.length - X_LIMIT)
        elif platform == Platform.FACEBOOK and link:
            item.link = link
            item.link_host = (urlsplit(link).hostname or "").removeprefix("www.")
        previews.append(item)
    return previews
