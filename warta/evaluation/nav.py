"""The meetings, sanctions, staff records and staffing pages in the site menu (see warta.core.nav),
with the rules their views apply (warta.evaluation.access)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from warta.core.nav import NavItem, register
from warta.evaluation import access


def register_record_nav() -> None:
    register(
        NavItem("evaluation-meetings", _("Rapat evaluasi"), "evaluation-meetings", access.may_read_meetings, order=42)
    )
    register(NavItem("evaluation-sanctions", _("Sanksi"), "evaluation-sanctions", access.may_read_records, order=43))
    register(NavItem("evaluation-staff", _("Pegawai"), "evaluation-staff", access.may_read_records, order=44))
    register(
        NavItem("evaluation-my-record", _("Catatan saya"), "evaluation-my-record", access.has_own_record, order=45)
    )
    register(
        NavItem(
            "evaluation-staffing", _("Kebutuhan pelaksana"), "evaluation-staffing", access.may_see_staffing, order=46
        )
    )
