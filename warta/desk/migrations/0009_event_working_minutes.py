"""Each step's working minutes on its event (the evaluation sums them in the database), and the
existing events filled in: the time since the previous step (the first: since receipt) in the office's
working time; a stretch spent waiting for the applicant (status "needs completion") counts as paused."""

from django.db import migrations, models

BATCH = 2000


def backfill(apps, schema_editor):
    from warta.clock.calendar import working_time_between
    from warta.clock.services import get_calendar

    Event = apps.get_model("desk", "Event")
    calendars = {flag: get_calendar(flag) for flag in (False, True)}
    rows = (
        Event.objects.using(schema_editor.connection.alias)
        .select_related("request__service")
        .order_by("request_id", "at", "pk")
        .only("pk", "at", "from_status", "request__received_at", "request__service__around_the_clock")
    )
    changed = []
    current, since = None, None
    for event in rows.iterator(chunk_size=BATCH):
        req = event.request
        if req.pk != current:
            current, since = req.pk, req.received_at
        cal = calendars[bool(req.service and req.service.around_the_clock)]
        minutes = int(working_time_between(cal, since, event.at).total_seconds() // 60)
        if event.from_status == "needs_completion":
            event.working_minutes, event.paused_minutes = 0, minutes
        else:
            event.working_minutes, event.paused_minutes = minutes, 0
        since = max(since, event.at)
        if minutes:
            changed.append(event)
        if len(changed) >= BATCH:
            Event.objects.bulk_update(changed, ["working_minutes", "paused_minutes"])
            changed = []
    if changed:
        Event.objects.bulk_update(changed, ["working_minutes", "paused_minutes"])


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0008_indonesian_model_names"),
        ("clock", "0002_default_hours"),
        ("standards", "0002_standard_records"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="paused_minutes",
            field=models.PositiveIntegerField(default=0, verbose_name="menit kerja terjeda sejak langkah sebelumnya"),
        ),
        migrations.AddField(
            model_name="event",
            name="working_minutes",
            field=models.PositiveIntegerField(default=0, verbose_name="menit kerja sejak langkah sebelumnya"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                fields=["request", "from_status", "action", "working_minutes", "paused_minutes"],
                name="desk_event_step_minutes",
            ),
        ),
    ]
