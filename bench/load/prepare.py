"""Writes the load test's data file: who signs in, the staff's API tokens, signed tracking paths and
the survey's open link, read from the demo database that bin/load has just built."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta.settings")

import django

django.setup()

from warta.accounts import roles  # noqa: E402
from warta.accounts.models import ApiToken  # noqa: E402
from warta.desk.demo import PASSWORD  # noqa: E402
from warta.desk.models import PublicationRequest  # noqa: E402
from warta.desk.tracking import tracking_path  # noqa: E402
from warta.standards.models import Service  # noqa: E402


def main(out: str) -> None:
    staff = []
    for kind, role in (
        ("pimpinan", roles.PIMPINAN),
        ("division", roles.KABID_IKP),
        ("division", roles.FUNGSIONAL_IKP),
        ("staff", roles.STAF_IKP),
    ):
        for user in roles.users_with_role(role):
            _token, raw = ApiToken.issue(user, name="load")
            staff.append({"kind": kind, "username": user.username, "token": raw})
    service = Service.objects.order_by("pk").first()
    assert service is not None, "import the standard first"
    data = {
        "password": PASSWORD,
        "operators": [u.username for u in roles.users_with_role(roles.PEMOHON) if u.organization_id],
        "staff": staff,
        "assignees": [u.username for u in roles.users_with_role(roles.STAF_IKP)],
        "tracking_paths": [
            tracking_path(n)
            for n in PublicationRequest.objects.exclude(status="draft").values_list("number", flat=True)
        ],
        "survey_path": f"/skm/isi/{service.slug}/",
        "post_links": {
            "instagram": "https://www.instagram.com/p/load-",
            "facebook": "https://www.facebook.com/dinkominfopbg/posts/load-",
            "x": "https://x.com/dinkominfopbg/status/1",
        },
        "numbers_before": list(PublicationRequest.objects.values_list("number", flat=True)),
    }
    Path(out).write_text(json.dumps(data))


if __name__ == "__main__":
    main(sys.argv[1])
