"""How X counts a post's length (twitter-text's weighting), shared by the preview, the desk's
caption check and the publisher, so that a caption the form accepts is one X accepts."""

from __future__ import annotations

import re
import unicodedata

X_TEXT_LIMIT = 280
X_MAX_PICTURES = 4  # pictures in one post (or one video)
X_URL_WEIGHT = 23
# twitter-text's ranges that weigh 1; every other code point weighs 2.
X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
# Punctuation at a link's end belongs to the sentence, not the link (as X reads it).
URL_TRAILING = ".,:;!?)]}'\""


def _char_weight(char: str) -> int:
    code = ord(char)
    return 1 if any(low <= code <= high for low, high in X_LIGHT_RANGES) else 2


def _urls(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in URL_RE.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in URL_TRAILING:
            end -= 1
        spans.append((match.start(), end))
    return spans


def x_length(text: str) -> int:
    """The length X counts for this text: URLs 23, light characters 1, the rest 2."""
    text = unicodedata.normalize("NFC", text or "")
    total, position = 0, 0
    for start, end in _urls(text):
        total += sum(_char_weight(c) for c in text[position:start]) + X_URL_WEIGHT
        position = end
    return total + sum(_char_weight(c) for c in text[position:])
