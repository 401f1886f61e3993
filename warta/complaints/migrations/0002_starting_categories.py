from django.db import migrations

STARTING = [
    ("pelayanan", "Pelayanan", 1),
    ("konten", "Konten", 2),
    ("perilaku_petugas", "Perilaku petugas", 3),
    ("lainnya", "Lainnya", 9),
]


def add(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    for code, label, order in STARTING:
        Category.objects.get_or_create(code=code, defaults={"label": label, "order": order})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_complaints_events_categories")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
