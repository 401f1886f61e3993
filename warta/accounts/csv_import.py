"""Imports the OPD/UPT directory from CSV: code,name,kind,parent_code (header row required)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction

from warta.accounts.models import Organization

KINDS = {value for value, _label in Organization.Kind.choices}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def import_organizations(text: str) -> ImportResult:
    """All rows or none: any error leaves the directory unchanged and lists the bad lines."""
    result = ImportResult()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    required = {"code", "name"}
    if not reader.fieldnames or not required <= {f.strip() for f in reader.fieldnames}:
        result.errors.append("line 1: header must contain code,name[,kind,parent_code]")
        return result
    rows = []
    for line_no, row in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        if not row.get("code") or not row.get("name"):
            result.errors.append(f"line {line_no}: code and name are required")
            continue
        kind = (row.get("kind") or "dinas").lower()
        if kind not in KINDS:
            result.errors.append(f"line {line_no}: unknown kind {kind!r}")
            continue
        rows.append((line_no, row["code"], row["name"], kind, row.get("parent_code", "")))
    if result.errors:
        return result
    codes_in_file = {code for _l, code, *_ in rows}
    with transaction.atomic():
        for _line, code, name, kind, _parent in rows:
            _obj, created = Organization.objects.update_or_create(code=code, defaults={"name": name, "kind": kind})
            result.created += created
            result.updated += not created
        for line_no, code, _name, _kind, parent_code in rows:
            if not parent_code:
                continue
            parent = Organization.objects.filter(code=parent_code).first()
            if parent is None and parent_code not in codes_in_file:
                result.errors.append(f"line {line_no}: unknown parent_code {parent_code!r}")
                continue
            Organization.objects.filter(code=code).update(parent=parent)
        if result.errors:
            transaction.set_rollback(True)
            result.created = result.updated = 0
    return result
