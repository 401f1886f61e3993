"""The preview's arithmetic: X's weighted 280 counter and Instagram's cut at "… selengkapnya"."""

from __future__ import annotations

import pytest

from warta.social.preview import INSTAGRAM_FOLD, X_LIMIT, instagram_fold, x_length


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("", 0),
        ("Halo Purbalingga", 16),
        ("a" * 280, 280),
        # A link counts 23 however long it is (and however short).
        ("Info: https://purbalinggakab.go.id/berita/2026/03/vaksinasi-hpv-di-sekolah-dasar", 6 + 23),
        ("http://a.id", 23),
        ("Lihat www.purbalinggakab.go.id.", 6 + 23 + 1),  # the full stop is the sentence's
        ("Dua https://a.id/x dan https://b.id/y", 4 + 23 + 5 + 23),
        # Latin with accents and Javanese script below U+10FF count 1; CJK and emoji count 2.
        ("café", 4),
        ("日本", 4),
        ("Selamat 🎉", 8 + 2),
        # twitter-text's light punctuation ranges: en dash and curly quotes 1, the ellipsis 2.
        ("–“”", 3),
        ("…", 2),
    ],
)
def test_x_counts_by_weight(text, length):
    assert x_length(text) == length


def test_x_counts_the_composed_form():
    assert x_length("cafe\u0301") == 4  # e + combining accent is é once normalised


def test_the_limit_is_280():
    assert X_LIMIT == 280
    assert x_length("a" * 246 + " https://example.go.id/ " + "b" * 10) == 246 + 1 + 23 + 1 + 10 == 281


def test_a_short_caption_is_not_cut():
    text = "Ayo vaksinasi HPV untuk siswi kelas 5 dan 6."
    assert instagram_fold(text) == (text, "")
    assert instagram_fold("a" * INSTAGRAM_FOLD) == ("a" * INSTAGRAM_FOLD, "")


def test_a_long_caption_is_cut_at_a_words_end_before_125():
    text = ("Dinas Kesehatan mengajak para orang tua memastikan putrinya menerima vaksin HPV "
            "yang diberikan gratis di sekolah dasar seluruh Purbalingga mulai Senin depan.")  # fmt: skip
    shown, more = instagram_fold(text)
    assert len(shown) <= INSTAGRAM_FOLD and text.startswith(shown)
    # "seluruh" would end at the 126th character: it goes below the fold whole.
    assert shown.endswith("sekolah dasar") and more == "seluruh Purbalingga mulai Senin depan."
    assert f"{shown} {more}" == text


def test_a_very_long_word_is_cut_where_it_is():
    shown, more = instagram_fold("x" * 300)
    assert shown == "x" * INSTAGRAM_FOLD and more == "x" * 175


def test_the_feed_shows_two_lines_at_most():
    shown, more = instagram_fold("Baris satu\nBaris dua\nBaris tiga")
    assert shown == "Baris satu\nBaris dua" and more == "Baris tiga"


def test_a_cut_exactly_at_a_space_keeps_the_whole_word():
    text = "a" * INSTAGRAM_FOLD + " lanjut"
    assert instagram_fold(text) == ("a" * INSTAGRAM_FOLD, "lanjut")


@pytest.mark.django_db
def test_the_x_preview_shows_the_four_pictures_x_takes():
    from warta.social.preview import Image, build

    pictures = [Image(url=f"/p/{i}.jpg") for i in range(6)]
    x, instagram = build(["x", "instagram"], {"x": "Halo", "instagram": "Halo"}, pictures)
    assert (x.platform, len(x.images), x.more_images) == ("x", 4, 3)
    assert (instagram.platform, len(instagram.images)) == ("instagram", 6)
