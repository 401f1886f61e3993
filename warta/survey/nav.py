"""The survey's page in the site menu (see warta.core.nav), with the rule its view applies."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from warta.core.nav import NavItem, register
from warta.survey.permissions import is_survey_staff


def register_nav() -> None:
    register(NavItem("survey-manage", _("SKM"), "survey:manage", is_survey_staff, order=50))
