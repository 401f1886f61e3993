"""The floor for bench/pages.py: the cheapest page Django serves here, one row of 100,000 read from
SQLite and rendered through a one-line template, as a WSGI app for gunicorn (FLOOR_DB names the file)."""

import os
import random

from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ.get("FLOOR_DB", "")}},
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
    MIDDLEWARE=[],
)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402

TEMPLATE = engines["django"].from_string("<p>{{ title }}</p>")


def item(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM item WHERE id = %s", [random.randint(1, 100_000)])
        (title,) = cursor.fetchone()
    return HttpResponse(TEMPLATE.render({"title": title}, request))


urlpatterns = [path("", item)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
