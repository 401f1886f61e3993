"""The API other apps use: get_service, get_value, complaint_channels."""

from __future__ import annotations

import pytest

from warta.standards.models import Service, ServiceValue
from warta.standards.services import (
    channel_list,
    complaint_channels,
    get_service,
    get_value,
    phone_href,
    social_href,
    whatsapp_href,
)


@pytest.mark.django_db
def test_get_service_without_any_raises_does_not_exist():
    with pytest.raises(Service.DoesNotExist):
        get_service()
    with pytest.raises(Service.DoesNotExist):
        get_service("tidak-ada")


def test_get_service_default_and_by_slug(imported):
    Service.objects.create(slug="lain", number=9, title="Standar Lain")
    assert get_service() == imported.service  # number 7 comes first
    assert get_service("lain").title == "Standar Lain"


def test_get_value_shapes_for_the_clock(imported):
    service = get_service()
    assert get_value(service, "completion_time") == {"amount": 1, "unit": "hours"}
    assert get_value(service, "fee") == 0
    assert get_value(service, "executors") == 1
    tiers = get_value(service, "complaint_tiers")
    assert [{k: t[k] for k in ("key", "amount", "unit")} for t in tiers] == [
        {"key": "light", "amount": 3, "unit": "hours"},
        {"key": "normative", "amount": 5, "unit": "hours"},
        {"key": "no_supervision", "amount": 1, "unit": "days"},
        {"key": "investigation", "amount": 30, "unit": "working_days"},
    ]
    assert all(set(t) == {"key", "label", "amount", "unit"} for t in tiers)
    with pytest.raises(KeyError):
        get_value(service, "colour")


def test_get_value_prefers_the_correction(imported):
    ServiceValue.objects.filter(key="executors").update(correction=2)
    assert get_value(get_service(), "executors") == 2


def test_get_value_is_none_when_the_standard_has_no_such_value(db):
    service = Service.objects.create(slug="kosong", title="Kosong")
    assert get_value(service, "fee") is None
    assert complaint_channels(service) == []


def test_complaint_channels_have_working_links(imported):
    channels = {c["kind"]: c for c in complaint_channels(get_service())}
    assert channels["whatsapp"] == {
        "kind": "whatsapp",
        "label": "WhatsApp",
        "value": "0817465999 (Riyang Herlambang)",
        "href": "https://wa.me/62817465999",
    }
    assert channels["telephone"]["href"] == "tel:+622818902091"
    assert channels["telephone"]["value"] == "(0281) 8902091"
    assert channels["email"]["href"] == "mailto:dinkominfo@purbalinggakab.go.id"
    assert channels["lapor"]["href"] == "https://www.lapor.go.id"
    assert channels["instagram"]["href"] == "https://www.instagram.com/dinkominfoPbg"
    assert channels["instagram"]["value"] == "@dinkominfoPbg"
    assert channels["x"]["href"] == "https://x.com/dinkominfoPbg"
    assert channels["facebook"]["href"] == "https://www.facebook.com/search/top/?q=Dinkominfo%20Pbg"
    assert channels["face_to_face"]["href"] == "" and channels["complaint_box"]["href"] == ""
    assert list(channels) == [
        "face_to_face",
        "complaint_box",
        "whatsapp",
        "telephone",
        "email",
        "lapor",
        "instagram",
        "x",
        "facebook",
    ]


def test_link_helpers():
    assert phone_href("+62 281 8902091") == "tel:+622818902091"
    assert phone_href("021-123456") == "tel:+6221123456"
    assert whatsapp_href("+62 817-465-999") == "https://wa.me/62817465999"
    assert whatsapp_href("817465999") == "https://wa.me/62817465999"
    assert social_href("facebook", "dinkominfopbg") == "https://www.facebook.com/dinkominfopbg"
    assert social_href("instagram", "https://www.instagram.com/x") == "https://www.instagram.com/x"
    assert social_href("tiktok", "@dinkominfo") == "https://www.tiktok.com/@dinkominfo"
    assert channel_list({"social": {"instagram": ""}, "whatsapp": {"number": ""}}) == []


@pytest.mark.django_db
def test_one_default_service_for_the_desk_the_survey_and_the_pages(pemohon, org, office):
    """One rule picks "the" service: the publication service by its slug, else the first by number."""
    from warta.desk.intake import create_request
    from warta.desk.tests.test_api_support import content_fields
    from warta.standards.services import DEFAULT_SERVICE_SLUG, default_service
    from warta.survey import services as survey_services

    assert default_service() is None
    first = Service.objects.create(slug="layanan-lain", number=1, title="Layanan Lain")
    assert default_service() == first
    publication = Service.objects.create(slug=DEFAULT_SERVICE_SLUG, number=7, title="Publikasi")
    assert default_service() == publication == get_service()
    assert survey_services.default_service is default_service
    request = create_request(user=pemohon, organization=org, fields=content_fields(), submit=False)
    assert request.service == publication  # not the first row, as intake once chose
