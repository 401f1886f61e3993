"""The default office hours (Perpres 21/2023): Mon–Thu 07:30–12:00, 13:00–16:00; Fri 07:30–11:30,
13:00–16:30; weekend closed. No overrides."""

import datetime as dt

from django.db import migrations

DEFAULT_HOURS = {
    0: (("07:30", "12:00"), ("13:00", "16:00")),
    1: (("07:30", "12:00"), ("13:00", "16:00")),
    2: (("07:30", "12:00"), ("13:00", "16:00")),
    3: (("07:30", "12:00"), ("13:00", "16:00")),
    4: (("07:30", "11:30"), ("13:00", "16:30")),
}


def add_default_hours(apps, schema_editor):
    WeeklyWindow = apps.get_model("clock", "WeeklyWindow")
    if WeeklyWindow.objects.exists():
        return
    WeeklyWindow.objects.bulk_create(
        WeeklyWindow(weekday=day, start=dt.time.fromisoformat(start), end=dt.time.fromisoformat(end))
        for day, windows in DEFAULT_HOURS.items()
        for start, end in windows
    )


def remove_default_hours(apps, schema_editor):
    apps.get_model("clock", "WeeklyWindow").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("clock", "0001_initial")]

    operations = [migrations.RunPython(add_default_hours, remove_default_hours)]
