"""The SVG flow renderer."""

from __future__ import annotations

from warta.standards.diagram import render_flow_svg, wrap_label
from warta.standards.parser import parse_standard
from warta.standards.tests.svg import SVG, parse_svg


def texts(root) -> str:
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_real_flows_render_as_valid_svg_with_their_labels(real_text):
    parsed = parse_standard(real_text)
    for flow in parsed.flows:
        svg = render_flow_svg(flow.nodes, flow.edges, flow.title)
        root = parse_svg(svg)
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
        assert flow.title in root.get("aria-label", "")
        assert root.find(f"{SVG}title").text == flow.title
        shown = " ".join(texts(root).split())
        for node in flow.nodes:
            # wrapped over several lines, the words are all there
            assert all(word in shown for word in node.label.split())
        assert len(root.findall(f"{SVG}path")) == len(flow.edges)
        assert "script" not in svg.lower() and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_procedure_flow_is_laid_out_left_to_right(real_text):
    flow = parse_standard(real_text).flow("procedure")
    root = parse_svg(render_flow_svg(flow.nodes, flow.edges, flow.title))
    xs = [float(r.get("x")) for r in root.iter(f"{SVG}rect")]
    assert xs == sorted(xs) and len(set(xs)) == 3
    assert "Dinkominfo (Bidang IKP)" in root.get("aria-label")
    assert "Organisasi Pemerintah → Dinkominfo (Bidang IKP)" in root.find(f"{SVG}desc").text


def test_labels_are_escaped():
    svg = render_flow_svg([("A", '<script>a("x")</script> & co'), ("B", "B")], [("A", "B", "<b>ya</b>")], "T<>")
    root = parse_svg(svg)
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    assert '<script>a("x")</script>&co' in "".join(texts(root).split())
    assert "<b>ya</b>" in texts(root)
    assert root.find(f"{SVG}title").text == "T<>"


def test_longest_path_layers_and_cycles():
    nodes = [("A", "Awal"), ("B", "Tengah"), ("C", "Akhir")]
    edges = [("A", "B", ""), ("B", "C", ""), ("A", "C", "pintas"), ("C", "A", "ulang")]
    root = parse_svg(render_flow_svg(nodes, edges, "Siklus"))
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("rx") == "6"]
    xs = [float(r.get("x")) for r in rects]
    assert xs[0] < xs[1] < xs[2]  # C sits after B (longest path), the loop back does not move it
    assert len(root.findall(f"{SVG}path")) == 4
    assert "pintas" in texts(root) and "ulang" in texts(root)


def test_edges_to_unknown_nodes_are_ignored_and_empty_flows_render():
    root = parse_svg(render_flow_svg([("A", "Satu")], [("A", "Z", "")], "Satu saja"))
    assert not root.findall(f"{SVG}path")
    root = parse_svg(render_flow_svg([], [], "Kosong"))
    assert root.get("role") == "img"


def test_wrap_label_keeps_every_word_and_limits_lines():
    lines = wrap_label("Pengguna Layanan Menyampaikan aduan secara lisan/telepon/tertulis")
    assert len(lines) > 1
    assert " ".join(lines) == "Pengguna Layanan Menyampaikan aduan secara lisan/telepon/tertulis"
    assert len(wrap_label("kata " * 200)) == 7
