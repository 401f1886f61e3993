"""The database table behind the "ratelimit" cache alias (used when WARTA_CACHE_URL is not set)."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations

TABLE = getattr(settings, "RATELIMIT_CACHE_TABLE", "warta_ratelimit_cache")


def create_table(apps, schema_editor):
    # createcachetable makes the tables of the configured database caches; name ours explicitly so
    # that the table exists even when the limits use Redis today and the database tomorrow.
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0005_download_built_in_the_worker")]

    operations = [migrations.RunPython(create_table, drop_table)]
