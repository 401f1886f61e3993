"""The survey's personal data: an answer given through a request's personal invitation is linked,
through that request, to its contact. Open-link and paper answers are anonymous.

Registered with warta.core.privacy in SurveyConfig.ready(). Anonymising cuts the link between an
answer and its request once the request is past retention; the answer itself stays in the index.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from warta.core.privacy import Person, iso
from warta.desk.privacy import closed_before, requests_of
from warta.survey.models import Invitation, Response


class SurveyAnswers:
    name = "survey.responses"

    def export(self, person: Person) -> list[dict[str, Any]]:
        invitations = (
            Invitation.objects.filter(request__in=requests_of(person))
            .select_related("request", "service")
            .order_by("created_at", "pk")
        )
        answers = {r.invitation_id: r for r in Response.objects.filter(invitation__in=invitations)}
        result = []
        for invitation in invitations:
            answer = answers.get(invitation.pk)
            result.append(
                {
                    "request": invitation.request.number,
                    "service": invitation.service.title,
                    "invited_at": iso(invitation.created_at),
                    "emailed_at": iso(invitation.emailed_at),
                    "answered_at": iso(invitation.used_at),
                    "answer": None
                    if answer is None
                    else {
                        "surveyed_on": iso(answer.surveyed_on),
                        "scores": answer.answers(),
                        "sex": answer.get_sex_display(),
                        "age": answer.age,
                        "education": answer.get_education_display(),
                        "occupation": answer.get_occupation_display(),
                        "suggestion": answer.suggestion,
                    },
                }
            )
        return result

    def anonymise(self, closed_before_moment: dt.datetime, dry_run: bool = False) -> int:
        linked = Response.objects.filter(invitation__request__in=closed_before(closed_before_moment).values("pk"))
        if dry_run:
            return linked.count()
        return linked.update(invitation=None)
