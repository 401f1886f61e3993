"""Compiles warta/locale/*/LC_MESSAGES/django.po without GNU gettext (fallback for `make messages`)."""

import ast
import struct
import sys
from pathlib import Path


def parse_po(text: str) -> dict[str, str]:
    """msgid -> msgstr; plural entries as "id\0plural" -> "form0\0form1", contexts as "ctx\x04id"."""
    messages: dict[str, str] = {}
    entry: dict[str, str] = {}
    section = None
    fuzzy = False

    def flush():
        if "msgid" in entry and not fuzzy:
            key = entry["msgid"]
            if "msgid_plural" in entry:
                key += "\0" + entry["msgid_plural"]
                forms = [entry[k] for k in sorted(k for k in entry if k.startswith("msgstr["))]
                value = "\0".join(forms) if forms and all(forms) else ""
            else:
                value = entry.get("msgstr", "")
            if "msgctxt" in entry:
                key = entry["msgctxt"] + "\x04" + key
            if value or key == "":
                messages[key] = value

    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
            name, _, value = line.partition(" ")
            if name in ("msgctxt", "msgid") and "msgid" in entry:
                flush()
                entry, fuzzy = {}, False
            section = name
            entry[section] = ast.literal_eval(value)
        elif line.startswith('"') and section:
            entry[section] += ast.literal_eval(line)
        elif not line:
            flush()
            entry, section, fuzzy = {}, None, False
    flush()
    return messages


def write_mo(messages: dict[str, str], path: Path) -> None:
    keys = sorted(messages)
    ids = b"".join(k.encode() + b"\0" for k in keys)
    strs = b"".join(messages[k].encode() + b"\0" for k in keys)
    n = len(keys)
    header = 7 * 4
    offsets_ids, offsets_strs, pos_i, pos_s = [], [], 0, 0
    for k in keys:
        b = k.encode()
        offsets_ids.append((len(b), header + 16 * n + pos_i))
        pos_i += len(b) + 1
    for k in keys:
        b = messages[k].encode()
        offsets_strs.append((len(b), header + 16 * n + len(ids) + pos_s))
        pos_s += len(b) + 1
    out = struct.pack("<7I", 0x950412DE, 0, n, header, header + 8 * n, 0, 0)
    out += b"".join(struct.pack("<2I", *o) for o in offsets_ids)
    out += b"".join(struct.pack("<2I", *o) for o in offsets_strs)
    path.write_bytes(out + ids + strs)


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent / "warta" / "locale"
    for po in root.glob("*/LC_MESSAGES/django.po"):
        write_mo(parse_po(po.read_text(encoding="utf-8")), po.with_suffix(".mo"))
    sys.exit(0)
