"""Reading a service standard written in the format of the office's published standards.

Pure: no database, no models. `parse_standard(text)` returns a `ParsedStandard` (dataclasses) or
raises `NotAStandard` (with the line number) when the text is not a standard at all. Anything
inside a recognised standard that cannot be read becomes a `Problem` with its line number; the
parser never drops a line silently and never raises anything else.

The format (see docs/standards.md)::

    ## 7. Standar Publikasi Konten Media Sosial
    ### Service Delivery
    1<TAB>Persyaratan
    <TAB>body (plain text or HTML: p, ol/ul/li, a; <pre> blocks hold `graph LR` flows)
    3<TAB>Jangka Waktu Penyelesaian : Maksimal 1 Jam
    --<TAB>--
    ## Manufacturing
    1<TAB>Dasar Hukum
    ...
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import nh3
from django.utils.text import slugify
from django.utils.translation import gettext as _

SERVICE_DELIVERY = "service_delivery"
MANUFACTURING = "manufacturing"
PARTS = (SERVICE_DELIVERY, MANUFACTURING)

MAX_NUMBER = 32767  # fits a PositiveSmallIntegerField
MAX_NAME = 250
MAX_FLOW_NODES = 200

HEADING_RE = re.compile(r"^\s{0,3}#{1,6}[ \t]*(\d{1,4})\s*\.\s*(\S.*?)\s*#*\s*$")
PART_RE = re.compile(
    r"^\s{0,3}#{1,6}[ \t]*(service\s+delivery|manufacturing|penyampaian\s+pelayanan|pengelolaan\s+pelayanan)\s*:?\s*$",
    re.IGNORECASE,
)
ANY_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
COMPONENT_RE = re.compile(r"^(\d{1,6})\s*\.?\t+(.*)$")
SEPARATOR_RE = re.compile(r"^\s*-{2,}(\s+-{2,})*\s*$")
PRE_RE = re.compile(r"<pre\b[^>]*>(.*?)(</pre\s*>|\Z)", re.IGNORECASE | re.DOTALL)
INLINE_VALUE_RE = re.compile(r"^([^<>:]{2,}?)\s*:\s*(.*)$", re.DOTALL)
FLOW_MARKER = '<figure class="flow" data-flow="{key}"></figure>'
FLOW_MARKER_RE = re.compile(r'<figure class="flow" data-flow="([a-z0-9_-]+)"></figure>')

ALLOWED_TAGS = {"p", "ul", "ol", "li", "a", "br", "strong", "em", "b", "i", "u", "sub", "sup", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"style", "start", "type"}, "ul": {"style"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


class NotAStandard(ValueError):
    """The text is not a service standard. `line` is the 1-based line where reading stopped."""

    def __init__(self, line: int, message: str) -> None:
        self.line = max(1, int(line))
        self.message = message
        super().__init__(_("Baris %(line)d: %(message)s") % {"line": self.line, "message": message})


@dataclass
class Problem:
    line: int
    message: str
    text: str = ""
    kind: str = "syntax"  # "syntax": a line not read; "value": a service value not found

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message, "text": self.text, "kind": self.kind}

    def __str__(self) -> str:
        shown = f" ({self.text[:80]})" if self.text else ""
        return _("Baris %(line)d: %(message)s") % {"line": self.line, "message": self.message} + shown


@dataclass
class FlowNode:
    key: str
    label: str


@dataclass
class FlowEdge:
    source: str
    target: str
    label: str = ""


@dataclass
class Flow:
    key: str
    title: str
    part: str
    component_number: int
    line: int
    nodes: list[FlowNode] = field(default_factory=list)
    edges: list[FlowEdge] = field(default_factory=list)


@dataclass
class Component:
    part: str
    number: int
    name: str
    body: str  # sanitised HTML, flows replaced by markers (see FLOW_MARKER)
    line: int
    inline_value: str = ""  # the value of a "Name : value" component, as plain text
    text: str = ""  # the body as plain text, one list item or paragraph per line

    @property
    def flow_keys(self) -> list[str]:
        return FLOW_MARKER_RE.findall(self.body)


@dataclass
class Extracted:
    key: str
    value: Any
    source: str
    line: int = 0


@dataclass
class ParsedStandard:
    number: int
    title: str
    slug: str
    components: list[Component] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    values: dict[str, Extracted] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def component(self, part: str, number: int) -> Component | None:
        for c in self.components:
            if c.part == part and c.number == number:
                return c
        return None

    def flow(self, key: str) -> Flow | None:
        return next((f for f in self.flows if f.key == key), None)


# --- small text helpers -------------------------------------------------------------------------


def clean_text(value: str) -> str:
    """Plain text: entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(value)).strip()


def html_to_text(fragment: str) -> str:
    """Tags removed, entities decoded; one paragraph or list item per line."""
    marked = re.sub(r"<\s*(br|/p|/li|li|/ul|ul|/ol|ol|/div|p)\b[^>]*>", "\n", fragment, flags=re.IGNORECASE)
    stripped = nh3.clean(marked, tags=set(), clean_content_tags={"script", "style"})
    lines = [clean_text(line) for line in stripped.split("\n")]
    return "\n".join(line for line in lines if line)


def sanitize(fragment: str) -> str:
    """The HTML kept in a body: paragraphs, lists, links (http, https, mailto, tel), emphasis."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
        filter_style_properties={"list-style-type"},
        link_rel="noopener noreferrer",
    ).strip()


LIST_STYLES = (
    "none",
    "disc",
    "circle",
    "square",
    "decimal",
    "lower-alpha",
    "upper-alpha",
    "lower-roman",
    "upper-roman",
)
_LIST_STYLE_RE = re.compile(r'\sstyle="\s*list-style-type:\s*([a-z-]+)\s*;?\s*"')


def list_styles_as_classes(fragment: str) -> str:
    """`style="list-style-type: x"` (kept by sanitize) as `class="list-x"`: pages allow no style attributes."""

    def replace(match: re.Match[str]) -> str:
        value = match.group(1)
        return f' class="list-{value}"' if value in LIST_STYLES else ""

    return _LIST_STYLE_RE.sub(replace, fragment)


def sanitize_body(body: str) -> str:
    """A stored body sanitised again, keeping the flow markers the importer put in it."""
    chunks = FLOW_MARKER_RE.split(body)
    out = []
    for index, chunk in enumerate(chunks):
        if index % 2:
            out.append(FLOW_MARKER.format(key=chunk))
        else:
            cleaned = sanitize(chunk)
            if cleaned:
                out.append(cleaned)
    return "\n".join(out)


def _paragraphs(text: str) -> str:
    """Plain-text lines become paragraphs; lines that are HTML are kept as they are."""
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if re.match(r"^<(p|ul|ol|li|div|a|strong|em|b|i|span|br|figure)\b", chunk, re.IGNORECASE):
            out.append(chunk)
        else:
            out.append("<p>" + "<br>".join(line.strip() for line in chunk.split("\n") if line.strip()) + "</p>")
    return "\n".join(out)


def unique_key(key: str, used: set[str], separator: str) -> str:
    """`key`, or `key<separator>2`, 3... when it is taken; the result is added to `used`."""
    base, n = key, 2
    while key in used:
        key = f"{base}{separator}{n}"
        n += 1
    used.add(key)
    return key


def standard_slug(title: str, number: int | None = None) -> str:
    """ "Standar Publikasi Konten Media Sosial" -> "publikasi-konten-media-sosial"."""
    stripped = re.sub(r"^\s*standar(\s+pelayanan)?\b\s*", "", title, flags=re.IGNORECASE)
    slug = slugify(stripped or title)[:120].strip("-")
    if not slug:
        slug = f"standar-{number}" if number is not None else "standar"
    return slug


# --- flows ------------------------------------------------------------------------------------

_NODE_ID_RE = re.compile(r"[A-Za-z0-9_]+")
_EDGE_RE = re.compile(
    r"(?:"
    r"(?P<arrow><?(?:-{2,}|={2,}|-\.+-)[>ox]?)\s*(?:\|(?P<pipe>[^|\n]*)\|)?"
    r")"
)
_TEXT_EDGE_RE = re.compile(r"(?:--|==|-\.)\s+(?P<text>[^-=>|\n][^>|\n]*?)\s+(?:-{2,}|={2,}|\.-+)>")
_SHAPES = {
    "[[": "]]",
    "[(": ")]",
    "[/": "/]",
    "[\\": "\\]",
    "([": "])",
    "((": "))",
    "{{": "}}",
    "[": "]",
    "(": ")",
    "{": "}",
    ">": "]",
}
_KEYWORDS = {"style", "classdef", "class", "click", "linkstyle", "subgraph", "end", "direction"}


@dataclass
class _FlowParse:
    nodes: dict[str, FlowNode] = field(default_factory=dict)
    edges: list[FlowEdge] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _read_label(src: str, pos: int) -> tuple[str | None, int]:
    """A node's shape and label at `pos`: `[label]`, `(label)`, `{label}`, ... Labels may hold
    unquoted parentheses (the office writes `B[Dinkominfo (Bidang IKP)]`)."""
    for opener in sorted(_SHAPES, key=len, reverse=True):
        if src.startswith(opener, pos):
            closer = _SHAPES[opener]
            start = pos + len(opener)
            if src.startswith('"', start):
                end_quote = src.find('"', start + 1)
                if end_quote != -1 and src.startswith(closer, end_quote + 1):
                    return clean_text(src[start + 1 : end_quote]), end_quote + 1 + len(closer)
            if opener in ("(", "(("):
                depth, i = 1, start
                while i < len(src) and depth:
                    if src[i] == "(":
                        depth += 1
                    elif src[i] == ")":
                        depth -= 1
                    i += 1
                if depth:
                    return None, len(src)
                end = i - 1
                inner = src[start:end]
                if opener == "((":
                    inner = inner.removesuffix(")")
                    return clean_text(inner), i + (1 if src.startswith(")", i) else 0)
                return clean_text(inner), i
            end = src.find(closer, start)
            if end == -1:
                return None, len(src)
            return clean_text(src[start:end]), end + len(closer)
    return "", pos


def parse_flow(source: str) -> _FlowParse:
    """Nodes and edges of a Mermaid-like `graph LR` flow (entities already decoded)."""
    result = _FlowParse()
    src = source.strip()
    header = re.match(r"^(graph|flowchart)\b\s*(LR|RL|TD|TB|BT)?\s*;?", src, re.IGNORECASE)
    if header:
        pos = header.end()
    else:
        result.errors.append(_("alur tidak diawali 'graph LR'"))
        pos = 0
    previous: str | None = None
    pending_edge: tuple[str, str] | None = None  # (previous node, label) waiting for its target
    guard = 0
    while pos < len(src) and guard < 10_000:
        guard += 1
        while pos < len(src) and src[pos] in " \t\r\n;":
            if src[pos] in "\n;" and pending_edge is None:
                previous = None
            pos += 1
        if pos >= len(src):
            break
        text_edge = _TEXT_EDGE_RE.match(src, pos)
        edge = _EDGE_RE.match(src, pos)
        if previous is not None and pending_edge is None and (text_edge or (edge and edge.group("arrow"))):
            if text_edge:
                pending_edge = (previous, clean_text(text_edge.group("text")))
                pos = text_edge.end()
            else:
                assert edge is not None
                pending_edge = (previous, clean_text(edge.group("pipe") or ""))
                pos = edge.end()
            continue
        ident = _NODE_ID_RE.match(src, pos)
        if not ident:
            end = pos
            while end < len(src) and src[end] not in " \t\r\n;":
                end += 1
            result.errors.append(_("bagian alur tidak terbaca: %(text)s") % {"text": src[pos:end][:60]})
            pos = end
            previous, pending_edge = None, None
            continue
        key = ident.group(0)
        pos = ident.end()
        if key.lower() in _KEYWORDS and pending_edge is None:
            result.errors.append(_("perintah alur diabaikan: %(text)s") % {"text": key})
            end = src.find("\n", pos)
            pos = len(src) if end == -1 else end
            previous = None
            continue
        label, pos = _read_label(src, pos)
        if label is None:
            result.errors.append(_("label simpul %(key)s tidak ditutup") % {"key": key})
            label = ""
        if key not in result.nodes:
            if len(result.nodes) >= MAX_FLOW_NODES:
                result.errors.append(_("alur terlalu besar; simpul berikutnya diabaikan"))
                break
            result.nodes[key] = FlowNode(key=key[:60], label=(label or key)[:300])
        elif label:
            result.nodes[key].label = label[:300]
        if pending_edge is not None:
            result.edges.append(FlowEdge(source=pending_edge[0], target=key, label=pending_edge[1][:200]))
            pending_edge = None
        previous = key
    if pending_edge is not None:
        result.errors.append(_("panah alur tanpa tujuan dari %(key)s") % {"key": pending_edge[0]})
    if not result.nodes:
        result.errors.append(_("alur tanpa simpul"))
    return result


# --- the document -------------------------------------------------------------------------------


@dataclass
class _RawComponent:
    part: str
    number: int
    name: str
    inline_value: str
    line: int
    body_lines: list[tuple[int, str]] = field(default_factory=list)


def _flow_key(part: str, name: str, used: set[str], fallback: str) -> str:
    lowered = name.lower()
    if part == SERVICE_DELIVERY and "pengaduan" in lowered:
        key = "complaint"
    elif part == SERVICE_DELIVERY and "prosedur" in lowered:
        key = "procedure"
    else:
        key = fallback
    return unique_key(key, used, "-")


def _build_component(raw: _RawComponent, flows: list[Flow], problems: list[Problem], used: set[str]) -> Component:
    # Join the body lines, remembering which source line each offset came from.
    pieces: list[str] = []
    offsets: list[tuple[int, int]] = []  # (offset, line)
    cursor = 0
    if raw.inline_value:
        offsets.append((cursor, raw.line))
        pieces.append(raw.inline_value)
        cursor += len(raw.inline_value) + 1
    for line_no, text in raw.body_lines:
        offsets.append((cursor, line_no))
        pieces.append(text)
        cursor += len(text) + 1
    body_src = "\n".join(pieces)

    def line_at(offset: int) -> int:
        line = raw.line
        for start, line_no in offsets:
            if start > offset:
                break
            line = line_no
        return line

    segments: list[str] = []
    last = 0
    for match in PRE_RE.finditer(body_src):
        before = body_src[last : match.start()]
        segments.append(before)
        line = line_at(match.start())
        if not match.group(2):
            problems.append(Problem(line, _("blok <pre> tidak ditutup"), match.group(0)[:80]))
        inner = match.group(1)
        parsed = parse_flow(html_to_text(inner) if "<" in inner else html.unescape(inner))
        for error in parsed.errors:
            problems.append(Problem(line, error))
        if parsed.nodes:
            title_hint = html_to_text(before).split("\n")[-1] if before.strip() else ""
            title_hint = re.sub(r"^[a-z0-9]{1,3}[.)]\s*", "", title_hint)
            title = title_hint if "alur" in title_hint.lower() else _("Alur %(name)s") % {"name": raw.name}
            key = _flow_key(raw.part, raw.name, used, f"{raw.part.replace('_', '-')}-{raw.number}")
            known = {n.key for n in parsed.nodes.values()}
            flows.append(
                Flow(
                    key=key,
                    title=title[:200],
                    part=raw.part,
                    component_number=raw.number,
                    line=line,
                    nodes=list(parsed.nodes.values()),
                    edges=[e for e in parsed.edges if e.source in known and e.target in known],
                )
            )
            segments.append("\x00" + key + "\x00")
        last = match.end()
    segments.append(body_src[last:])

    body_parts: list[str] = []
    text_parts: list[str] = []
    for segment in segments:
        if segment.startswith("\x00") and segment.endswith("\x00") and len(segment) > 2:
            body_parts.append(FLOW_MARKER.format(key=segment.strip("\x00")))
            continue
        if raw.inline_value and segment is segments[0] and not re.search(r"<[a-zA-Z]", segment):
            cleaned = sanitize("<p>" + html.escape(clean_text(segment)) + "</p>") if segment.strip() else ""
        else:
            cleaned = sanitize(_paragraphs(segment))
        if cleaned:
            body_parts.append(cleaned)
            text_parts.append(html_to_text(cleaned))
    return Component(
        part=raw.part,
        number=raw.number,
        name=raw.name,
        body="\n".join(body_parts),
        line=raw.line,
        inline_value=clean_text(html_to_text(raw.inline_value)) if raw.inline_value else "",
        text="\n".join(t for t in text_parts if t),
    )


def parse_standard(text: str) -> ParsedStandard:
    """Read a standard. Raises only `NotAStandard`; every other difficulty is a `Problem`."""
    if not isinstance(text, str):
        raise NotAStandard(1, _("berkas bukan teks"))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    problems: list[Problem] = []

    # 1. The heading: the first line with text must be `## N. Title`.
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        raise NotAStandard(1, _("berkas kosong; judul '## N. Judul Standar' tidak ditemukan"))
    heading = HEADING_RE.match(lines[index])
    if not heading:
        raise NotAStandard(
            index + 1,
            _("judul standar '## N. Judul' tidak ditemukan; yang tertulis: %(text)s") % {"text": lines[index][:80]},
        )
    number = int(heading.group(1))
    title = clean_text(re.sub(r"<[^>]*>", "", heading.group(2)))[:MAX_NAME]
    if not title:
        raise NotAStandard(index + 1, _("judul standar kosong"))
    heading_line = index + 1

    # 2. Both parts must be there.
    part_lines: dict[str, int] = {}
    for i, line in enumerate(lines):
        match = PART_RE.match(line)
        if match:
            word = match.group(1).lower()
            part = SERVICE_DELIVERY if word.startswith(("service", "penyampaian")) else MANUFACTURING
            part_lines.setdefault(part, i + 1)
    if SERVICE_DELIVERY not in part_lines:
        raise NotAStandard(
            min(heading_line + 1, len(lines)), _("bagian 'Service Delivery' tidak ditemukan setelah judul")
        )
    if MANUFACTURING not in part_lines:
        raise NotAStandard(len(lines), _("bagian 'Manufacturing' tidak ditemukan sampai akhir berkas"))

    # 3. Components, line by line.
    raws: list[_RawComponent] = []
    seen_parts: set[str] = set()
    current_part: str | None = None
    current: _RawComponent | None = None
    numbers: set[tuple[str, int]] = set()
    for i in range(index + 1, len(lines)):
        line_no = i + 1
        line = lines[i]
        part_match = PART_RE.match(line)
        if part_match:
            word = part_match.group(1).lower()
            part = SERVICE_DELIVERY if word.startswith(("service", "penyampaian")) else MANUFACTURING
            if part in seen_parts:
                problems.append(Problem(line_no, _("bagian ini muncul dua kali; isinya diabaikan"), line.strip()))
                current_part, current = None, None
            else:
                seen_parts.add(part)
                current_part, current = part, None
            continue
        if not line.strip():
            if current is not None:
                current.body_lines.append((line_no, ""))
            continue
        if SEPARATOR_RE.match(line.replace("\t", " ")):
            current = None
            continue
        if ANY_HEADING_RE.match(line):
            problems.append(Problem(line_no, _("judul yang tidak dikenal"), line.strip()))
            current = None
            continue
        component = COMPONENT_RE.match(line)
        if component and current_part is not None:
            num = int(component.group(1))
            head = component.group(2).strip()
            name, inline_value = head, ""
            inline = INLINE_VALUE_RE.match(head)
            if inline and not re.search(r"https?$|mailto$", inline.group(1), re.IGNORECASE):
                name, inline_value = inline.group(1), inline.group(2).strip()
            name = clean_text(re.sub(r"<[^>]*>", "", name))[:MAX_NAME]
            if num < 1 or num > MAX_NUMBER:
                problems.append(Problem(line_no, _("nomor komponen di luar batas"), line.strip()))
                current = None
            elif (current_part, num) in numbers:
                problems.append(Problem(line_no, _("nomor komponen %(n)d sudah dipakai di bagian ini") % {"n": num}))
                current = None
            elif not name:
                problems.append(Problem(line_no, _("komponen tanpa nama"), line.strip()))
                current = None
            else:
                numbers.add((current_part, num))
                current = _RawComponent(current_part, num, name, inline_value, line_no)
                raws.append(current)
            continue
        if line[:1] in ("\t", " ") and current is not None:
            current.body_lines.append((line_no, line.strip()))
            continue
        if current_part is None:
            problems.append(Problem(line_no, _("teks di luar bagian Service Delivery/Manufacturing"), line.strip()))
        elif current is None:
            problems.append(Problem(line_no, _("teks di luar komponen"), line.strip()))
        else:
            problems.append(Problem(line_no, _("baris lanjutan harus diawali tab; baris ini diabaikan"), line.strip()))

    # Trailing blank lines are not part of a body.
    for raw in raws:
        while raw.body_lines and not raw.body_lines[-1][1]:
            raw.body_lines.pop()

    flows: list[Flow] = []
    used_keys: set[str] = set()
    components = [_build_component(raw, flows, problems, used_keys) for raw in raws]
    for part in PARTS:
        if not any(c.part == part for c in components):
            problems.append(Problem(part_lines[part], _("bagian ini tidak memuat komponen")))

    result = ParsedStandard(
        number=number,
        title=title,
        slug=standard_slug(title, number),
        components=components,
        flows=flows,
        problems=problems,
    )
    from warta.standards.extract import extract_values  # pure too; it imports this module

    result.values, extraction_problems = extract_values(components)
    problems.extend(extraction_problems)
    problems.sort(key=lambda p: p.line)
    return result
