"""The parser never raises on arbitrary text: a result, or NotAStandard carrying a line number."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.standards.diagram import render_flow_svg
from warta.standards.parser import NotAStandard, parse_flow, parse_standard
from warta.standards.tests.real_standard import REAL

REAL_TEXT = REAL.read_text(encoding="utf-8")
REAL_LINES = REAL_TEXT.split("\n")

# Pieces that the format gives meaning to, so random text reaches the interesting branches.
TOKENS = st.sampled_from(
    [
        "## 7. Standar X",
        "### Service Delivery",
        "## Manufacturing",
        "--\t--",
        "1\t",
        "2\tNama : nilai",
        "\t",
        "<pre>",
        "</pre>",
        "graph LR",
        "A[",
        "]",
        "(",
        ")",
        "-->",
        "--&gt;",
        "|x|",
        "&amp;",
        "<ul><li>",
        "</li></ul>",
        "<script>",
        "\n",
        "\r\n",
        " ",
        "Selambat-lambatnya 3 jam",
        "WA: 0817",
        "#",
    ]
)
TEXT = st.lists(st.one_of(TOKENS, st.text(max_size=12)), max_size=60).map("".join)


def check(text: str) -> None:
    try:
        result = parse_standard(text)
    except NotAStandard as error:
        assert isinstance(error.line, int)
        assert 1 <= error.line <= max(1, len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
        return
    assert len(result.components) <= len(text.split("\n"))
    for problem in result.problems:
        assert problem.line >= 1
    for flow in result.flows:
        svg = render_flow_svg(flow.nodes, flow.edges, flow.title)
        assert svg.startswith("<svg")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_random_text(text):
    check(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_random_unicode(text):
    check(text)


MUTATION = st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "insert", "replace_char", "truncate"]),
    st.integers(min_value=0, max_value=len(REAL_LINES) - 1),
    st.integers(min_value=0, max_value=len(REAL_LINES) - 1),
    st.text(max_size=20),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MUTATION, min_size=1, max_size=6))
def test_mutations_of_the_real_document(mutations):
    lines = list(REAL_LINES)
    for kind, i, j, text in mutations:
        if not lines:
            break
        i, j = i % len(lines), j % len(lines)
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "insert":
            lines.insert(i, text)
        elif kind == "replace_char" and lines[i]:
            position = j % len(lines[i])
            lines[i] = lines[i][:position] + text + lines[i][position + 1 :]
        elif kind == "truncate":
            lines[i] = lines[i][: j % (len(lines[i]) + 1)]
    check("\n".join(lines))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_flow_parser_never_raises(source):
    result = parse_flow("graph LR " + source)
    keys = set(result.nodes)
    for edge in result.edges:
        assert edge.source in keys and edge.target in keys
