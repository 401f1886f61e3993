"""The English translation: the switch shows English pages, and the catalogue is complete and safe.

`make setup` compiles the catalogue (bin/compile_messages.py); this module compiles it too when the
.mo is missing or older than the .po, before the first request, so the tests never see a stale file.
"""

from __future__ import annotations

import ast
import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from asgiref.local import Local
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import trans_real

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "warta" / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _compile_catalogue() -> None:
    if MO.exists() and MO.stat().st_mtime >= PO.stat().st_mtime:
        return
    subprocess.run([sys.executable, str(ROOT / "bin" / "compile_messages.py")], cwd=ROOT, check=True)
    # Django and gettext cache catalogues per process: forget any loaded before the .mo existed.
    gettext._translations.clear()  # type: ignore[attr-defined]
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


_compile_catalogue()


# --- the catalogue ------------------------------------------------------------------------------


class Entry:
    def __init__(self, line: int) -> None:
        self.line = line
        self.flags: set[str] = set()
        self.msgid = ""
        self.msgid_plural: str | None = None
        self.msgstr: dict[int | None, str] = {}


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file (header included), with plural forms and multi-line strings."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None
    keyword = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry = target = None
            continue
        if entry is None:
            entry = Entry(number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        match = keyword.match(line)
        if match:
            name, index, value = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if name.startswith("msgstr"):
                target = ("msgstr", int(index) if index is not None else None)
                entry.msgstr[target[1]] = value
            else:
                target = (name, None)
                if name == "msgid":
                    entry.msgid = value
                elif name == "msgid_plural":
                    entry.msgid_plural = value
            continue
        assert line.startswith('"') and target is not None, f"line {number}: unexpected {raw!r}"
        value = ast.literal_eval(line)
        if target[0] == "msgstr":
            entry.msgstr[target[1]] += value
        elif target[0] == "msgid":
            entry.msgid += value
        elif target[0] == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
    return entries


PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]|\{\w*\}|%%")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return parse_po(PO.read_text(encoding="utf-8"))


def test_catalogue_is_a_real_english_catalogue(entries):
    header = entries[0]
    assert header.msgid == ""
    assert "Language: en\n" in header.msgstr[None]
    assert "charset=UTF-8" in header.msgstr[None]
    assert "fuzzy" not in header.flags, "a fuzzy header is dropped by the compiler"
    assert len(entries) > 900


def test_every_entry_is_translated(entries):
    empty = [
        f"line {e.line}: {e.msgid!r}"
        for e in entries[1:]
        if not e.msgstr or any(not text.strip() for text in e.msgstr.values())
    ]
    assert not empty, "untranslated entries:\n" + "\n".join(empty)


def test_plural_entries_have_both_forms(entries):
    plurals = [e for e in entries if e.msgid_plural is not None]
    incomplete = [f"line {e.line}: {e.msgid!r}" for e in plurals if set(e.msgstr) != {0, 1}]
    assert not incomplete, "plural entries need msgstr[0] and msgstr[1]:\n" + "\n".join(incomplete)


def test_no_entry_is_left_fuzzy(entries):
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy entries are not used; check and unflag:\n" + "\n".join(fuzzy)


def test_placeholders_match(entries):
    wrong = []
    for e in entries[1:]:
        expected = placeholders(e.msgid) | placeholders(e.msgid_plural or "")
        for index, text in e.msgstr.items():
            found = placeholders(text)
            # A singular form may leave out the number ("One invitation"), never add or rename.
            ok = found <= expected if e.msgid_plural is not None and index == 0 else found == expected
            if not ok:
                wrong.append(f"line {e.line}: {e.msgid!r} {sorted(expected)} -> {text!r} {sorted(found)}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_python_format_strings_render(entries):
    """Every python-format translation can be filled with the msgid's own names."""
    broken = []
    for e in entries[1:]:
        if "python-format" not in e.flags:
            continue
        names = {name: 1 for name in re.findall(r"%\((\w+)\)", e.msgid)}
        for text in e.msgstr.values():
            try:
                text % names if names else text % ()
            except (KeyError, ValueError, TypeError) as error:
                broken.append(f"line {e.line}: {text!r}: {error}")
    assert not broken, "\n".join(broken)


def test_compiled_catalogue_translates():
    with translation.override("en"):
        assert translation.gettext("Masuk") == "Sign in"
        assert translation.gettext("Keluar") == "Sign out"
        assert translation.gettext("Permohonan") == "Request"
    with translation.override("id"):
        assert translation.gettext("Masuk") == "Masuk"


# --- what a user sees after switching to English -------------------------------------------------


def english_client() -> Client:
    client = Client()
    response = client.post("/bahasa/", {"language": "en", "next": "/masuk/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


def test_login_page_in_english(db, office):
    response = english_client().get("/masuk/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    assert "Sign in" in page
    assert "Forgot your password?" in page
    assert "Lupa kata sandi?" not in page


def test_login_page_stays_indonesian_without_the_switch(db, office):
    page = Client().get("/masuk/").content.decode()
    assert "Lupa kata sandi?" in page
    assert "Forgot your password?" not in page


def test_public_home_in_english_without_a_standard(db, office):
    page = english_client().get("/").content.decode()
    assert "<h1>Social Media Content Publication Service</h1>" in page
    assert "Submit a request" in page
    assert "Track a request" in page
    assert "Skip to content" in page


def test_public_home_in_english_with_the_standard(db, office):
    from warta.standards.importer import import_standard

    source = ROOT / "warta" / "standards" / "data" / "standar-publikasi-konten-media-sosial.txt"
    import_standard(source.read_text(encoding="utf-8"), file_name=source.name)
    response = english_client().get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Service summary" in page
    assert "Service Standard Components Related to the Service Delivery Process" in page
    assert "Ringkasan layanan" not in page


def test_tracking_form_error_in_english(db, office):
    response = english_client().post("/lacak/", {"number": "PUB-2026-99999", "code": "WRONGCODE"})
    assert response.status_code == 404
    page = response.content.decode()
    assert "The registration number or tracking code does not match." in page
    assert "Tracking code" in page
    assert "tidak cocok" not in page


def test_request_form_errors_in_english(db, office, pemohon):
    client = english_client()
    client.force_login(pemohon)
    response = client.post("/permohonan/baru/", {"title": "", "contact_name": "Op Dinkes"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Please check the highlighted fields." in page
    assert "Periksa kembali isian yang ditandai." not in page
    assert "Contact name" in page
    assert "Applicant organisation" in page


def test_plural_entries_are_compiled_too():
    from django.utils import translation

    with translation.override("en"):
        assert translation.ngettext("%(counter)s orang", "%(counter)s orang", 3) % {"counter": 3} == "3 people"
