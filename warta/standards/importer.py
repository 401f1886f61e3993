"""Storing a parsed standard: one transaction, updated in place, corrections kept where they can be.

`import_standard(text)` parses first (a text that is not a standard raises `NotAStandard` before
anything is written), then updates the service found by slug, its components, flows and values.
An admin's correction of a value survives unless the value's source text changed; then the new
value is taken, the correction is dropped, the value is flagged, and every admin gets a notice.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from warta.notify.models import Notice
from warta.notify.send import notice
from warta.standards import parser
from warta.standards.extract import KEYS
from warta.standards.models import Component, Flow, FlowEdge, FlowNode, Service, ServiceValue, StandardImport


@dataclass
class DroppedCorrection:
    key: str
    label: str
    correction: Any
    new_value: Any
    old_source: str
    new_source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "correction": self.correction,
            "new_value": self.new_value,
            "old_source": self.old_source,
            "new_source": self.new_source,
        }


@dataclass
class ImportResult:
    service: Service
    record: StandardImport
    created: bool
    parsed: parser.ParsedStandard
    dropped: list[DroppedCorrection] = field(default_factory=list)

    @property
    def problems(self) -> list[parser.Problem]:
        return self.parsed.problems


def _update(obj: Any, **values: Any) -> None:
    """Save `obj` only when a field changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=[*changed, *(["updated_at"] if hasattr(obj, "updated_at") else [])])


def _admins() -> list[Any]:
    from django.contrib.auth import get_user_model

    from warta.accounts.roles import ADMIN, users_with_role

    ids = set(users_with_role(ADMIN).values_list("pk", flat=True))
    ids.update(get_user_model().objects.filter(is_active=True, is_superuser=True).values_list("pk", flat=True))
    return list(get_user_model().objects.filter(pk__in=ids).order_by("pk"))


def _store_components(service: Service, parsed: parser.ParsedStandard) -> dict[tuple[str, int], Component]:
    existing = {(c.part, c.number): c for c in service.components.all()}
    ordered = sorted(parsed.components, key=lambda c: parser.PARTS.index(c.part))
    kept: dict[tuple[str, int], Component] = {}
    for position, item in enumerate(ordered, start=1):
        values = {"name": item.name, "body": item.body, "position": position, "source_line": item.line}
        component = existing.pop((item.part, item.number), None)
        if component is None:
            component = Component.objects.create(service=service, part=item.part, number=item.number, **values)
        else:
            _update(component, **values)
        kept[(item.part, item.number)] = component
    Component.objects.filter(pk__in=[c.pk for c in existing.values()]).delete()
    return kept


def _store_flows(service: Service, parsed: parser.ParsedStandard, components: dict[tuple[str, int], Component]) -> None:
    existing = {f.key: f for f in service.flows.all()}
    for position, item in enumerate(parsed.flows, start=1):
        values = {
            "title": item.title,
            "position": position,
            "component": components.get((item.part, item.component_number)),
        }
        flow = existing.pop(item.key, None)
        if flow is None:
            flow = Flow.objects.create(service=service, key=item.key, **values)
        else:
            _update(flow, **values)
        nodes = {n.key: n for n in flow.nodes.all()}
        stored: dict[str, FlowNode] = {}
        for node_position, node in enumerate(item.nodes, start=1):
            row = nodes.pop(node.key, None)
            if row is None:
                row = FlowNode.objects.create(flow=flow, key=node.key, label=node.label, position=node_position)
            else:
                _update(row, label=node.label, position=node_position)
            stored[node.key] = row
        FlowNode.objects.filter(pk__in=[n.pk for n in nodes.values()]).delete()
        flow.edges.all().delete()
        FlowEdge.objects.bulk_create(
            FlowEdge(flow=flow, source=stored[e.source], target=stored[e.target], label=e.label, position=i)
            for i, e in enumerate(item.edges, start=1)
        )
    Flow.objects.filter(pk__in=[f.pk for f in existing.values()]).delete()


def _store_values(service: Service, parsed: parser.ParsedStandard) -> list[DroppedCorrection]:
    existing = {v.key: v for v in service.values.all()}
    dropped: list[DroppedCorrection] = []
    for key in KEYS:
        item = parsed.values.get(key)
        if item is None:
            continue  # not readable this time: the problem is listed, the stored value stays
        row = existing.get(key)
        if row is None:
            ServiceValue.objects.create(service=service, key=key, extracted=item.value, source_text=item.source)
            continue
        if row.source_text == item.source:
            _update(row, extracted=item.value)
            continue
        if row.correction is not None:
            dropped.append(
                DroppedCorrection(
                    key=key,
                    label=str(row.get_key_display()),
                    correction=row.correction,
                    new_value=item.value,
                    old_source=row.source_text,
                    new_source=item.source,
                )
            )
            row.dropped_correction = row.correction
            row.correction = None
            row.corrected_by = None
            row.corrected_at = None
            row.needs_review = True
            row.review_note = _(
                "Teks sumber berubah pada impor standar; koreksi %(correction)s dibuang dan nilai baru dipakai."
            ) % {"correction": json.dumps(dropped[-1].correction, ensure_ascii=False, sort_keys=True)}
        row.extracted = item.value
        row.source_text = item.source
        row.save()
    return dropped


def _notify(service: Service, dropped: list[DroppedCorrection]) -> None:

    if not dropped:
        return
    values = {v.key: v for v in service.values.filter(key__in=[d.key for d in dropped])}
    for user in _admins():
        for item in dropped:
            message = gettext_noop(
                "Standar %(title)s diimpor ulang: teks sumber '%(label)s' berubah, sehingga koreksi Anda "
                "(%(correction)s) dibuang dan nilai baru (%(value)s) dipakai. Mohon tinjau."
            )
            params = {
                "title": service.title,
                "label": item.label,
                "correction": json.dumps(item.correction, ensure_ascii=False, sort_keys=True)[:120],
                "value": json.dumps(item.new_value, ensure_ascii=False, sort_keys=True)[:120],
            }
            url = reverse("admin:standards_servicevalue_change", args=[values[item.key].pk])
            # Kept as msgid and parameters: shown in the reader's language.
            notice(user, url=url, level=Notice.Level.WARNING, message=message, params=params)


def import_standard(text: str, file_name: str = "") -> ImportResult:
    """Parse and store a standard. Raises `parser.NotAStandard` (nothing written) for other text."""
    parsed = parser.parse_standard(text)
    with transaction.atomic():
        service = Service.objects.select_for_update().filter(slug=parsed.slug).first()
        created = service is None
        number = parsed.number if parsed.number <= parser.MAX_NUMBER else None
        if service is None:
            service = Service.objects.create(slug=parsed.slug, number=number, title=parsed.title)
        else:
            _update(service, number=number, title=parsed.title)
        components = _store_components(service, parsed)
        _store_flows(service, parsed, components)
        dropped = _store_values(service, parsed)
        record = StandardImport.objects.create(
            service=service,
            file_name=file_name[:300],
            sha256=hashlib.sha256(text.encode("utf-8", "replace")).hexdigest(),
            component_count=len(parsed.components),
            flow_count=len(parsed.flows),
            problems=[p.as_dict() for p in parsed.problems],
            dropped_corrections=[d.as_dict() for d in dropped],
        )
        _notify(service, dropped)
    return ImportResult(service=service, record=record, created=created, parsed=parsed, dropped=dropped)
