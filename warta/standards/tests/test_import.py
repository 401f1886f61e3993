"""The import command: in place, idempotent, corrections, refusals, problems listed by line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from warta.notify.models import Notice
from warta.standards.importer import import_standard
from warta.standards.models import (
    Component,
    Flow,
    FlowEdge,
    FlowNode,
    Service,
    ServiceValue,
    StandardImport,
)
from warta.standards.services import get_value

MODELS = (Service, Component, Flow, FlowNode, FlowEdge, ServiceValue)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def run(path) -> str:
    out = StringIO()
    call_command("import_standard", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_imports_the_real_standard_and_reports_it(real_path):
    output = run(real_path)
    assert "Standar 7. Standar Publikasi Konten Media Sosial (publikasi-konten-media-sosial) dibuat" in output
    assert "14 komponen, 2 alur" in output
    assert 'completion_time: {"amount": 1, "unit": "hours"}' in output
    assert "Semua baris terbaca." in output
    assert counts() == {
        "Service": 1,
        "Component": 14,
        "Flow": 2,
        "FlowNode": 7,
        "FlowEdge": 5,
        "ServiceValue": 5,
    }
    service = Service.objects.get()
    assert service.slug == "publikasi-konten-media-sosial"
    assert service.number == 7
    assert service.title == "Standar Publikasi Konten Media Sosial"
    record = StandardImport.objects.get()
    assert record.problems == [] and record.component_count == 14 and record.file_name == real_path.name


@pytest.mark.django_db
def test_reimport_is_idempotent(real_path):
    run(real_path)
    before = counts()
    service_id = Service.objects.get().pk
    component_ids = sorted(Component.objects.values_list("pk", flat=True))
    flow_ids = sorted(Flow.objects.values_list("pk", flat=True))
    output = run(real_path)
    assert "diperbarui" in output
    assert counts() == before
    assert Service.objects.get().pk == service_id
    assert sorted(Component.objects.values_list("pk", flat=True)) == component_ids
    assert sorted(Flow.objects.values_list("pk", flat=True)) == flow_ids
    assert StandardImport.objects.count() == 2  # the log keeps each run


def test_reimport_updates_in_place_and_never_renames_the_slug(imported, real_text):
    changed = real_text.replace("## 7. Standar", "## 8. Standar").replace("Maksimal 1 Jam", "Maksimal 2 Jam")
    result = import_standard(changed)
    assert result.service.pk == imported.service.pk and not result.created
    service = Service.objects.get()
    assert service.number == 8 and service.slug == "publikasi-konten-media-sosial"
    assert get_value(service, "completion_time") == {"amount": 2, "unit": "hours"}
    time = Component.objects.get(service=service, part="service_delivery", number=3)
    assert time.body == "<p>Maksimal 2 Jam</p>"


def test_removed_components_and_flows_are_removed(imported, real_text):
    without_flow = real_text.replace(
        "\t <pre> graph LR     A[Organisasi Pemerintah] --&gt; B[Dinkominfo (Bidang IKP)]     B --&gt; C[Publikasi Konten Media]         </pre>\n",
        "",
    )
    assert without_flow != real_text
    import_standard(without_flow)
    assert list(Flow.objects.values_list("key", flat=True)) == ["complaint"]
    assert FlowNode.objects.count() == 4


def test_correction_survives_reimport_when_source_is_unchanged(imported, real_text):
    value = ServiceValue.objects.get(key="completion_time")
    value.correction = {"amount": 2, "unit": "hours"}
    value.save()
    import_standard(real_text)
    value.refresh_from_db()
    assert value.correction == {"amount": 2, "unit": "hours"}
    assert not value.needs_review
    assert get_value(imported.service, "completion_time") == {"amount": 2, "unit": "hours"}
    assert Notice.objects.count() == 0


def test_correction_is_dropped_with_notice_when_source_changes(
    imported, real_text, admin_user, make_user, staf, tmp_path
):
    from warta.accounts import roles

    second_admin = make_user("admin2", roles.ADMIN)
    value = ServiceValue.objects.get(key="complaint_tiers")
    value.correction = [{"key": "light", "label": "Ringan", "amount": 2, "unit": "hours"}]
    value.save()
    other = ServiceValue.objects.get(key="fee")
    other.correction = 5000
    other.save()

    path = tmp_path / "standar.txt"
    path.write_text(real_text.replace("Selambat-lambatnya 3 jam", "Selambat-lambatnya 4 jam"), encoding="utf-8")
    output = run(path)

    value.refresh_from_db()
    assert value.correction is None
    assert value.needs_review
    assert value.dropped_correction == [{"key": "light", "label": "Ringan", "amount": 2, "unit": "hours"}]
    assert value.extracted[0] == {"key": "light", "label": "Pengaduan ringan", "amount": 4, "unit": "hours"}
    assert get_value(imported.service, "complaint_tiers")[0]["amount"] == 4
    # The fee's source did not change: its correction stays.
    other.refresh_from_db()
    assert other.correction == 5000 and not other.needs_review
    # The command says so ...
    assert "Koreksi yang dibuang karena teks sumbernya berubah:" in output
    assert "complaint_tiers: koreksi" in output
    # ... the import record keeps it ...
    record = StandardImport.objects.latest("pk")
    assert [d["key"] for d in record.dropped_corrections] == ["complaint_tiers"]
    # ... and every admin (role or superuser), and nobody else, has a notice.
    notices = Notice.objects.all()
    assert {n.recipient for n in notices} == {admin_user, second_admin}
    assert all("Jangka waktu penyelesaian pengaduan" in n.text for n in notices)
    assert all(n.url == f"/admin/standards/servicevalue/{value.pk}/change/" for n in notices)
    assert not Notice.objects.filter(recipient=staf).exists()


@pytest.mark.django_db
def test_a_file_that_is_not_a_standard_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "surat.txt"
    path.write_text("\nKepada Yth. Kepala Dinas\n## 1. Bukan\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run(path)
    assert "Baris 2" in str(caught.value)
    assert "bukan standar pelayanan" in str(caught.value)
    assert all(n == 0 for n in counts().values())
    assert StandardImport.objects.count() == 0


def test_refusal_leaves_an_existing_standard_untouched(imported, tmp_path):
    before = counts()
    path = tmp_path / "rusak.txt"
    path.write_text("## 7. Standar Publikasi Konten Media Sosial\n### Service Delivery\n1\tPersyaratan\n")
    with pytest.raises(CommandError) as caught:
        run(path)
    assert "Manufacturing" in str(caught.value)
    assert counts() == before


@pytest.mark.django_db
def test_command_exit_code_is_non_zero_for_a_refused_file(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "x.txt"
    path.write_text("bukan standar\n")
    done = subprocess.run(
        [sys.executable, "manage.py", "import_standard", str(path)],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "warta.test_settings"},
        cwd=str(__import__("pathlib").Path(__file__).resolve().parents[3]),
        check=False,
    )
    assert done.returncode != 0
    assert "Baris 1" in done.stderr


@pytest.mark.django_db
def test_missing_and_binary_files_are_refused(tmp_path):
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        run(tmp_path / "tidak-ada.txt")
    binary = tmp_path / "gambar.txt"
    binary.write_bytes(b"## 1. Judul\n\xff\xfe\x00")
    with pytest.raises(CommandError, match="baris 2"):
        run(binary)
    assert Service.objects.count() == 0


@pytest.mark.django_db
def test_partially_unreadable_file_is_imported_with_problems_by_line(real_text, tmp_path):
    lines = real_text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("2\tSarana"))
    lines.insert(index, "catatan tanpa tab di tengah komponen")
    path = tmp_path / "standar.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    output = run(path)
    line_no = index + 1
    assert "1 bagian tidak terbaca:" in output
    assert f"Baris {line_no}: baris lanjutan harus diawali tab" in output
    assert "catatan tanpa tab di tengah komponen" in output
    assert Component.objects.count() == 14
    record = StandardImport.objects.get()
    assert record.problems == [
        {
            "line": line_no,
            "message": "baris lanjutan harus diawali tab; baris ini diabaikan",
            "text": "catatan tanpa tab di tengah komponen",
            "kind": "syntax",
        }
    ]


def test_a_script_in_a_body_is_removed(db, real_text):
    text = real_text.replace("<p>Prosedur</p>", "<p>Prosedur</p><script>alert('x')</script>")
    result = import_standard(text)
    body = Component.objects.get(service=result.service, part="service_delivery", number=2).body
    assert "<script" not in body and "alert" not in body
    assert "<p>Prosedur</p>" in body


def test_an_admin_edit_of_a_body_is_sanitised_and_keeps_the_flow(imported):
    component = Component.objects.get(part="service_delivery", number=6)
    component.body += '<p onmouseover="x()">Tambahan</p><script>alert(1)</script>'
    component.save()
    component.refresh_from_db()
    assert "<p>Tambahan</p>" in component.body
    assert "script" not in component.body and "onmouseover" not in component.body
    assert '<figure class="flow" data-flow="complaint"></figure>' in component.body
