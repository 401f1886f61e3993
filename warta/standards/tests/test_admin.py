"""Everything in the admin; correcting a value; the review flag."""

from __future__ import annotations

import json

import pytest

from warta.standards.importer import import_standard
from warta.standards.models import Component, Flow, Service, ServiceValue, StandardImport
from warta.standards.services import get_value


@pytest.mark.parametrize("model", ["service", "component", "flow", "servicevalue", "standardimport"])
def test_changelists_and_change_pages_open(login, admin_user, imported, model):
    client = login(admin_user)
    assert client.get(f"/admin/standards/{model}/").status_code == 200
    obj = {
        "service": Service.objects.first(),
        "component": Component.objects.first(),
        "flow": Flow.objects.first(),
        "servicevalue": ServiceValue.objects.first(),
        "standardimport": StandardImport.objects.first(),
    }[model]
    assert client.get(f"/admin/standards/{model}/{obj.pk}/change/").status_code == 200


def test_the_admin_is_for_admins_only(login, staf, imported):
    response = login(staf).get("/admin/standards/servicevalue/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def change_value(client, value: ServiceValue, correction: str, needs_review: bool = False):
    data = {"correction": correction}
    if needs_review:
        data["needs_review"] = "on"
    return client.post(f"/admin/standards/servicevalue/{value.pk}/change/", data)


def test_admin_corrects_a_value(login, admin_user, imported):
    value = ServiceValue.objects.get(key="completion_time")
    response = change_value(login(admin_user), value, json.dumps({"amount": 2, "unit": "hours"}))
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.correction == {"amount": 2, "unit": "hours"}
    assert value.corrected_by == admin_user and value.corrected_at is not None
    assert value.extracted == {"amount": 1, "unit": "hours"}  # what the standard says is kept
    assert get_value(value.service, "completion_time") == {"amount": 2, "unit": "hours"}


def test_a_correction_of_the_wrong_shape_is_refused(login, admin_user, imported):
    value = ServiceValue.objects.get(key="completion_time")
    response = change_value(login(admin_user), value, json.dumps({"amount": 2, "unit": "minggu"}))
    assert response.status_code == 200
    assert "unit harus salah satu dari hours, days, working_days" in response.content.decode()
    value.refresh_from_db()
    assert value.correction is None


def test_a_dropped_correction_is_flagged_in_the_list_until_reviewed(login, admin_user, imported, real_text):
    value = ServiceValue.objects.get(key="fee")
    value.correction = 1000
    value.save()
    import_standard(real_text.replace("Biaya (Tarif) : Gratis", "Biaya (Tarif) : Rp 5.000"))
    client = login(admin_user)
    listing = client.get("/admin/standards/servicevalue/?needs_review__exact=1").content.decode()
    assert "Perlu ditinjau" in listing and "fee" in listing
    assert f"/admin/standards/servicevalue/{value.pk}/change/" in listing
    page = client.get(f"/admin/standards/servicevalue/{value.pk}/change/").content.decode()
    assert "koreksi 1000 dibuang" in page
    response = client.post(
        "/admin/standards/servicevalue/",
        {"action": "mark_reviewed", "_selected_action": [value.pk]},
    )
    assert response.status_code == 302
    value.refresh_from_db()
    assert not value.needs_review and value.effective == 5000
    listing = client.get("/admin/standards/servicevalue/?needs_review__exact=1").content.decode()
    assert f"/admin/standards/servicevalue/{value.pk}/change/" not in listing


def test_the_slug_cannot_be_edited(login, admin_user, imported):
    service = imported.service
    page = login(admin_user).get(f"/admin/standards/service/{service.pk}/change/").content.decode()
    assert 'name="slug"' not in page
    assert "publikasi-konten-media-sosial" in page
