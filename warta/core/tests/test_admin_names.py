"""The admin speaks Indonesian: every app and every model in it has an Indonesian name, with an
English one in the catalogue."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation

pytestmark = pytest.mark.django_db

OURS = [config for config in apps.get_app_configs() if config.name.startswith("warta.")]


@pytest.mark.parametrize("config", OURS, ids=lambda c: c.label)
def test_each_app_has_an_indonesian_name_and_an_english_one(config):
    default = config.label.title()
    with translation.override("id"):
        indonesian = str(config.verbose_name)
    with translation.override("en"):
        english = str(config.verbose_name)
    assert indonesian != default, config.label
    assert english != indonesian, (config.label, english)


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label in {c.label for c in OURS}]


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m.__name__)
def test_each_model_in_the_admin_has_an_indonesian_name_and_an_english_one(model):
    options = model._meta.original_attrs
    assert "verbose_name" in options and "verbose_name_plural" in options, model.__name__
    with translation.override("id"):
        indonesian = str(model._meta.verbose_name)
    with translation.override("en"):
        english = str(model._meta.verbose_name)
    assert english != indonesian, (model.__name__, english)


def test_the_admin_index_shows_the_indonesian_names(client, admin_user, office):
    client.force_login(admin_user)
    text = client.get("/admin/").content.decode()
    for name in ("Permohonan publikasi", "Standar pelayanan", "Jam layanan", "Pemberitahuan", "Kantor"):
        assert name in text
    assert ">Desk<" not in text and ">Core<" not in text
