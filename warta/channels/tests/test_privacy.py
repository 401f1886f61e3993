"""Conversations in the personal-data registry: exported for a data-subject request and
anonymised after the retention period."""

from __future__ import annotations

import datetime as dt

import pytest

from warta.channels.models import Conversation, Media, Message
from warta.channels.tests.helpers import whatsapp_arrives
from warta.core import privacy
from warta.core.tests import samples

pytestmark = pytest.mark.django_db


def test_export_contact_includes_the_conversations_by_number(post, fake):
    whatsapp_arrives(post, text="Mohon dipublikasikan", image=fake.add_media(samples.jpeg(), "image/jpeg"))
    exported = privacy.export_contact(privacy.Person(phone="0812-3456-7890"))["channels.conversations"]
    assert len(exported) == 1
    assert exported[0]["contact"]["name"] == "Sri Rahayu"
    assert exported[0]["messages"][0]["text"] == "Mohon dipublikasikan"
    assert exported[0]["messages"][1]["media"][0]["content_type"] == "image/jpeg"
    assert privacy.export_contact(privacy.Person(phone="0899"))["channels.conversations"] == []


def test_anonymise_clears_old_conversations_and_their_files(post, fake, settings):
    whatsapp_arrives(
        post, image=fake.add_media(samples.jpeg(), "image/jpeg"), at=dt.datetime(2024, 1, 5, tzinfo=dt.UTC)
    )
    whatsapp_arrives(post, phone="6285700000001", name="Budi")
    media = Media.objects.get()
    path = settings.MEDIA_ROOT / media.file.name
    assert path.exists()
    cut_off = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert privacy.anonymise_contacts(cut_off, dry_run=True)["channels.conversations"] == 1
    assert privacy.anonymise_contacts(cut_off)["channels.conversations"] == 1
    old = Conversation.objects.get(contact_name=privacy.ANONYMISED)
    assert (old.contact_phone, old.contact_user_id) == ("", "")
    assert set(Message.objects.filter(conversation=old).values_list("text", flat=True)) == {""}
    assert not path.exists()
    assert Conversation.objects.get(contact_name="Budi").contact_phone == "6285700000001"
    assert privacy.anonymise_contacts(cut_off)["channels.conversations"] == 0
