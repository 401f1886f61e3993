"""Reading the office's real standard and the format's quirks."""

from __future__ import annotations

import pytest

from warta.standards.parser import MANUFACTURING, SERVICE_DELIVERY, NotAStandard, parse_standard
from warta.standards.tests.real_standard import MANUFACTURING_NAMES, SERVICE_DELIVERY_NAMES

MINIMAL = """## 3. Standar Contoh
### Service Delivery
1\tPersyaratan
\tSurat permohonan.
## Manufacturing
1\tDasar Hukum
\t<ul><li>a. UU 1/2000</li></ul>
"""


def test_heading_title_and_slug(real_text):
    parsed = parse_standard(real_text)
    assert parsed.number == 7
    assert parsed.title == "Standar Publikasi Konten Media Sosial"
    assert parsed.slug == "publikasi-konten-media-sosial"


def test_fourteen_components_in_two_parts_with_their_names(real_text):
    parsed = parse_standard(real_text)
    assert len(parsed.components) == 14
    delivery = [c for c in parsed.components if c.part == SERVICE_DELIVERY]
    manufacturing = [c for c in parsed.components if c.part == MANUFACTURING]
    assert [c.number for c in delivery] == [1, 2, 3, 4, 5, 6]
    assert [c.number for c in manufacturing] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [c.name for c in delivery] == SERVICE_DELIVERY_NAMES
    assert [c.name for c in manufacturing] == MANUFACTURING_NAMES
    assert parsed.problems == []


def test_inline_components_keep_name_and_value(real_text):
    parsed = parse_standard(real_text)
    time = parsed.component(SERVICE_DELIVERY, 3)
    assert time is not None and time.inline_value == "Maksimal 1 Jam"
    assert time.body == "<p>Maksimal 1 Jam</p>"
    security = parsed.component(MANUFACTURING, 7)
    assert security is not None and security.name == "Jaminan Keamanan dan Keselamatan Pelayanan"
    assert security.inline_value.startswith("Publikasi konten media sosial dilaksanakan")


def test_blank_line_inside_a_component_keeps_both_halves(real_text):
    guarantee = parse_standard(real_text).component(MANUFACTURING, 6)
    assert guarantee is not None
    assert "a. Pelayanan yang diberikan cepat" in guarantee.body
    assert "b. Apabila terjadi pelanggaran" in guarantee.body
    # The complaint component has a blank line before its part c. too.
    complaints = parse_standard(real_text).component(SERVICE_DELIVERY, 6)
    assert complaints is not None and "30 hari kerja" in complaints.body


def test_procedure_flow_nodes_and_edges(real_text):
    flow = parse_standard(real_text).flow("procedure")
    assert flow is not None
    assert flow.component_number == 2 and flow.part == SERVICE_DELIVERY
    assert [(n.key, n.label) for n in flow.nodes] == [
        ("A", "Organisasi Pemerintah"),
        ("B", "Dinkominfo (Bidang IKP)"),
        ("C", "Publikasi Konten Media"),
    ]
    assert [(e.source, e.target, e.label) for e in flow.edges] == [("A", "B", ""), ("B", "C", "")]


def test_complaint_flow_nodes_and_edges(real_text):
    flow = parse_standard(real_text).flow("complaint")
    assert flow is not None
    assert flow.title == "Alur Penanganan Pengaduan"
    assert flow.component_number == 6
    assert [n.label for n in flow.nodes] == [
        "Pengguna Layanan Menyampaikan aduan secara lisan/telepon/tertulis",
        "Pejabat Pengelola Pengaduan menerima aduan",
        "Tim Pengelola Pengaduan",
        "Pengguna Layanan menerima jawaban pengaduan",
    ]
    assert [(e.source, e.target) for e in flow.edges] == [("A", "B"), ("B", "C"), ("C", "D")]


def test_flows_leave_the_body_but_the_prose_stays(real_text):
    parsed = parse_standard(real_text)
    procedure = parsed.component(SERVICE_DELIVERY, 2)
    assert procedure is not None
    assert "<pre" not in procedure.body and "graph LR" not in procedure.body
    assert "Kepala dan/atau Sekretaris Dinkominfo mendisposisi permohonan ke bidang IKP." in procedure.body
    assert procedure.flow_keys == ["procedure"]
    complaints = parsed.component(SERVICE_DELIVERY, 6)
    assert complaints is not None
    assert "b. Alur Penanganan Pengaduan" in complaints.body
    assert complaints.flow_keys == ["complaint"]


def test_entities_are_decoded(real_text):
    parsed = parse_standard(real_text)
    for flow in parsed.flows:
        for node in flow.nodes:
            assert "&" not in node.label
    text = parse_standard(
        MINIMAL.replace("Surat permohonan.", "Surat &amp; cap &quot;resmi&quot; &gt; 1 lembar")
    ).components[0]
    assert text.text == 'Surat & cap "resmi" > 1 lembar'


def test_body_is_sanitised_lists_and_links_kept():
    doc = MINIMAL.replace(
        "\tSurat permohonan.",
        '\t<p onclick="x()">Isi</p><script>alert("x")</script><ol><li><a href="javascript:alert(1)">j</a></li>'
        '<li><a href="https://www.lapor.go.id">lapor</a></li></ol><img src=x onerror=alert(1)>',
    )
    body = parse_standard(doc).components[0].body
    assert "<script" not in body and "alert" not in body
    assert "onclick" not in body and "onerror" not in body and "<img" not in body
    assert "javascript:" not in body
    assert '<a href="https://www.lapor.go.id" rel="noopener noreferrer">lapor</a>' in body
    assert "<ol>" in body and "<p>Isi</p>" in body


def test_component_numbers_accept_the_separator_and_continuation_tabs():
    parsed = parse_standard(MINIMAL.replace("## Manufacturing", "--\t--\n\n## Manufacturing"))
    assert [(c.part, c.number) for c in parsed.components] == [(SERVICE_DELIVERY, 1), (MANUFACTURING, 1)]
    assert [p for p in parsed.problems if p.kind == "syntax"] == []
    assert {p.kind for p in parsed.problems} == {"value"}  # this small standard names no fee, no time...


def test_not_a_standard_names_the_line():
    with pytest.raises(NotAStandard) as caught:
        parse_standard("\n\nSelamat datang di situs kami\n## 1. Judul\n")
    assert caught.value.line == 3
    assert "Baris 3" in str(caught.value)


def test_a_standard_without_manufacturing_is_refused():
    text = MINIMAL.split("## Manufacturing")[0]
    with pytest.raises(NotAStandard) as caught:
        parse_standard(text)
    assert "Manufacturing" in caught.value.message
    assert caught.value.line == len(text.split("\n"))


def test_a_standard_without_service_delivery_is_refused():
    with pytest.raises(NotAStandard) as caught:
        parse_standard(MINIMAL.replace("### Service Delivery", "### Lainnya"))
    assert caught.value.line == 2


def test_empty_file_is_refused():
    with pytest.raises(NotAStandard) as caught:
        parse_standard("   \n\n")
    assert caught.value.line == 1


def test_unreadable_lines_are_listed_with_their_numbers():
    doc = (
        "## 3. Standar Contoh\n"  # 1
        "Kata pengantar tanpa bagian\n"  # 2
        "### Service Delivery\n"  # 3
        "1\tPersyaratan\n"  # 4
        "baris tanpa tab\n"  # 5
        "#### Judul asing\n"  # 6
        "1\tNomor ganda\n"  # 7
        "2\tSistem, Mekanisme dan Prosedur\n"  # 8
        "\t<pre> graph LR A[Satu] --&gt; B[Dua] --&gt; </pre>\n"  # 9
        "## Manufacturing\n"  # 10
        "1\tDasar Hukum\n"  # 11
        "\t<ul><li>a. UU</li></ul>\n"  # 12
    )
    parsed = parse_standard(doc)
    lines = {p.line for p in parsed.problems}
    assert {2, 5, 6, 7, 9} <= lines
    assert [c.name for c in parsed.components] == ["Persyaratan", "Sistem, Mekanisme dan Prosedur", "Dasar Hukum"]
    flow = parsed.flows[0]
    assert [n.label for n in flow.nodes] == ["Satu", "Dua"]
    by_line = {p.line: p for p in parsed.problems}
    assert by_line[5].text == "baris tanpa tab"


def test_flow_syntax_variants():
    doc = MINIMAL.replace(
        "\tSurat permohonan.",
        '\t<pre>graph LR\n\t  A([Mulai]) -->|ya| B{Lengkap?}\n\t  B -- tidak --> C["Minta (lagi)"]\n\t  B ==> D((Selesai))\n\t</pre>',
    )
    parsed = parse_standard(doc)
    flow = parsed.flows[0]
    assert [(n.key, n.label) for n in flow.nodes] == [
        ("A", "Mulai"),
        ("B", "Lengkap?"),
        ("C", "Minta (lagi)"),
        ("D", "Selesai"),
    ]
    assert [(e.source, e.target, e.label) for e in flow.edges] == [
        ("A", "B", "ya"),
        ("B", "C", "tidak"),
        ("B", "D", ""),
    ]
    assert [p for p in parsed.problems if p.kind == "syntax"] == []


def test_two_flows_in_one_component_get_their_own_keys():
    text = MINIMAL.replace(
        "\tSurat permohonan.\n",
        "\tSurat permohonan.\n"
        "2\tSistem, Mekanisme dan Prosedur\n"
        "\t<pre>graph LR\n A[Pemohon] --> B[Dinas]</pre>\n"
        "\t<pre>graph LR\n C[Dinas] --> D[Pemohon]</pre>\n",
    )
    parsed = parse_standard(text)
    assert [f.key for f in parsed.flows] == ["procedure", "procedure-2"]
    assert parsed.components[1].flow_keys == ["procedure", "procedure-2"]
