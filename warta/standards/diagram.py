"""Drawing a flow as SVG, left to right (like Mermaid's `graph LR`), with no JavaScript.

`render_flow_svg(nodes, edges, title)` takes nodes as objects with `key` and `label` (or
`(key, label)` tuples) and edges as objects with `source`, `target` and optional `label` (or
tuples); `source`/`target` may be keys or nodes. Layout: cycles are broken by a depth-first
search, each node goes to the layer of its longest path from a source, nodes in a layer are
ordered by the mean position of their predecessors, boxes hold wrapped text. The result is one
`<svg>` element with width, height and viewBox (so it scales), `role="img"`, an `aria-label`
and a `<title>`; every label is escaped. It shows in browsers and in WeasyPrint alike.
"""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

BOX_WIDTH = 190
PADDING = 10
FONT_SIZE = 13
LINE_HEIGHT = 17
CHAR_WIDTH = 7.4  # DejaVu Sans at 13px, a little generous
GAP_X = 64
GAP_Y = 26
MARGIN = 14
MAX_LINES = 7
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"


@dataclass
class _Box:
    key: str
    label: str
    lines: list[str]
    layer: int = 0
    order: float = 0.0
    x: float = 0.0
    y: float = 0.0
    height: float = 0.0

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


def _node(item: Any) -> tuple[str, str]:
    if isinstance(item, tuple | list):
        key = str(item[0])
        return key, str(item[1]) if len(item) > 1 else key
    key = str(item.key)
    return key, str(getattr(item, "label", "") or key)


def _end(value: Any) -> str:
    return str(getattr(value, "key", value))


def _edge(item: Any) -> tuple[str, str, str]:
    if isinstance(item, tuple | list):
        return _end(item[0]), _end(item[1]), str(item[2]) if len(item) > 2 and item[2] else ""
    return _end(item.source), _end(item.target), str(getattr(item, "label", "") or "")


def wrap_label(label: str, width: int = BOX_WIDTH) -> list[str]:
    chars = max(6, int((width - 2 * PADDING) / CHAR_WIDTH))
    lines = textwrap.wrap(" ".join(label.split()), width=chars, break_long_words=True) or [""]
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], textwrap.shorten(" ".join(lines[MAX_LINES - 1 :]), chars, placeholder="…")]
    return lines


def describe_flow(title: str, nodes: Sequence[tuple[str, str]], edges: Sequence[tuple[str, str, str]]) -> str:
    """A sentence a screen reader can read: "Title: A → B; B → C"."""
    labels = dict(nodes)
    if edges:
        steps = [f"{labels.get(s, s)} → {labels.get(t, t)}" + (f" ({label})" if label else "") for s, t, label in edges]
        body = "; ".join(steps)
    else:
        body = ", ".join(label for _, label in nodes)
    return f"{title}: {body}" if title else body


def _layers(keys: list[str], edges: list[tuple[str, str, str]]) -> tuple[dict[str, int], set[int]]:
    """Longest-path layers after breaking cycles; returns the layers and the indexes of back edges."""
    outgoing: dict[str, list[tuple[int, str]]] = {k: [] for k in keys}
    for i, (s, t, _label) in enumerate(edges):
        outgoing[s].append((i, t))
    state: dict[str, int] = dict.fromkeys(keys, 0)  # 0 new, 1 on the stack, 2 done
    back: set[int] = set()
    for root in keys:
        if state[root]:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            key, index = stack[-1]
            if index < len(outgoing[key]):
                stack[-1] = (key, index + 1)
                edge_index, target = outgoing[key][index]
                if state[target] == 1:
                    back.add(edge_index)
                elif state[target] == 0:
                    state[target] = 1
                    stack.append((target, 0))
            else:
                state[key] = 2
                stack.pop()
    forward = [(s, t) for i, (s, t, _label) in enumerate(edges) if i not in back and s != t]
    indegree = dict.fromkeys(keys, 0)
    for _s, t in forward:
        indegree[t] += 1
    layer = dict.fromkeys(keys, 0)
    ready = [k for k in keys if indegree[k] == 0]
    successors: dict[str, list[str]] = {k: [] for k in keys}
    for s, t in forward:
        successors[s].append(t)
    while ready:
        key = ready.pop(0)
        for target in successors[key]:
            layer[target] = max(layer[target], layer[key] + 1)
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return layer, back


def render_flow_svg(nodes: Iterable[Any], edges: Iterable[Any], title: str = "") -> str:
    node_list: list[tuple[str, str]] = []
    seen: set[str] = set()
    for item in nodes:
        key, label = _node(item)
        if key not in seen:
            seen.add(key)
            node_list.append((key, label))
    edge_list = [e for e in (_edge(item) for item in edges) if e[0] in seen and e[1] in seen]
    description = describe_flow(title, node_list, edge_list)
    uid = "flow-" + hashlib.sha1(repr((title, node_list, edge_list)).encode(), usedforsecurity=False).hexdigest()[:10]

    boxes = {key: _Box(key=key, label=label, lines=wrap_label(label)) for key, label in node_list}
    layer, back = _layers([k for k, _ in node_list], edge_list)
    columns: dict[int, list[_Box]] = {}
    for index, (key, _label) in enumerate(node_list):
        box = boxes[key]
        box.layer = layer[key]
        box.order = index
        box.height = max(40, len(box.lines) * LINE_HEIGHT + 2 * PADDING)
        columns.setdefault(box.layer, []).append(box)
    # Order each layer by the mean position of its predecessors (one sweep is enough here).
    for number in sorted(columns):
        if number == 0:
            continue
        for box in columns[number]:
            preds = [boxes[s].order for s, t, _l in edge_list if t == box.key and boxes[s].layer < number]
            if preds:
                box.order = sum(preds) / len(preds)
        columns[number].sort(key=lambda b: b.order)
        for position, box in enumerate(columns[number]):
            box.order = position + box.order / 1000

    column_heights = {n: sum(b.height for b in col) + GAP_Y * (len(col) - 1) for n, col in columns.items()}
    inner_height = max(column_heights.values(), default=40)
    has_back = bool(back) or any(boxes[s].layer >= boxes[t].layer for s, t, _l in edge_list)
    loop_room = 40 if has_back else 0
    for number, column in columns.items():
        y = MARGIN + (inner_height - column_heights[number]) / 2
        for box in column:
            box.x = MARGIN + number * (BOX_WIDTH + GAP_X)
            box.y = y
            y += box.height + GAP_Y
    width = MARGIN * 2 + (max(columns, default=0) + 1) * BOX_WIDTH + max(columns, default=0) * GAP_X
    height = MARGIN * 2 + inner_height + loop_room

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flow-diagram" role="img" '
        f'aria-label="{escape(description)}" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}" font-size="{FONT_SIZE}">',
        f"<title>{escape(title or description)}</title>",
        f"<desc>{escape(description)}</desc>",
        "<defs>",
        f'<marker id="{uid}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse" markerUnits="userSpaceOnUse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#0b5394"/></marker>',
        "</defs>",
    ]
    labels: list[str] = []
    for s, t, label in edge_list:
        a, b = boxes[s], boxes[t]
        if b.layer > a.layer:
            x1, y1, x2, y2 = a.x + BOX_WIDTH, a.cy, b.x - 2, b.cy
            bend = max(24.0, (x2 - x1) / 2)
            path = f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        else:  # back edge, self loop or same layer: go round underneath
            x1, y1 = a.x + BOX_WIDTH / 2 + 12, a.y + a.height
            x2, y2 = b.x + BOX_WIDTH / 2 - 12, b.y + b.height + 2
            low = MARGIN + inner_height + loop_room - 8
            path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{low:.1f} {x2:.1f},{low:.1f} {x2:.1f},{y2:.1f}"
            mx, my = (x1 + x2) / 2, low - 6
        out.append(f'<path d="{path}" fill="none" stroke="#0b5394" stroke-width="1.6" marker-end="url(#{uid}-arrow)"/>')
        if label:
            text = textwrap.shorten(label, 28, placeholder="…")
            w = len(text) * CHAR_WIDTH * 0.9 + 8
            labels.append(
                f'<rect x="{mx - w / 2:.1f}" y="{my - 10:.1f}" width="{w:.1f}" height="18" fill="#ffffff" rx="3"/>'
                f'<text x="{mx:.1f}" y="{my + 4:.1f}" text-anchor="middle" font-size="11" fill="#1b1f24">'
                f"{escape(text)}</text>"
            )
    for key, _label in node_list:
        box = boxes[key]
        out.append(
            f'<g><rect x="{box.x:.1f}" y="{box.y:.1f}" width="{BOX_WIDTH}" height="{box.height:.0f}" rx="6" '
            'fill="#e8f0fb" stroke="#0b5394" stroke-width="1.4"/>'
        )
        first = box.cy - (len(box.lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
        out.append(f'<text x="{box.x + BOX_WIDTH / 2:.1f}" y="{first:.1f}" text-anchor="middle" fill="#1b1f24">')
        for i, line in enumerate(box.lines):
            dy = "0" if i == 0 else str(LINE_HEIGHT)
            out.append(f'<tspan x="{box.x + BOX_WIDTH / 2:.1f}" dy="{dy}">{escape(line)}</tspan>')
        out.append("</text></g>")
    out.extend(labels)
    out.append("</svg>")
    return "\n".join(out)
