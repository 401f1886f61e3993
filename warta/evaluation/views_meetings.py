"""The monthly evaluation meeting's pages: the list, the record (new, edit), the minutes (page, PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from warta.evaluation import meetings
from warta.evaluation.access import may_close_decision, may_edit_meetings, may_read_meeting, may_read_meetings
from warta.evaluation.letters import letterhead_context, pdf_response
from warta.evaluation.models import Decision, Meeting
from warta.evaluation.record_forms import CloseDecisionForm, DecisionFormSet, MeetingForm


def _require_reader(user) -> None:
    if not may_read_meetings(user):
        raise PermissionDenied


def _readable_meeting(request: HttpRequest, pk: int) -> Meeting:
    """The meeting, for those who may read it: others get 403 as on the list (the meetings are no
    personal record; their ids are not secret within the office)."""
    meeting = get_object_or_404(Meeting.objects.select_related("chair", "created_by"), pk=pk)
    if not may_read_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


def _require_editor(user) -> None:
    if not may_edit_meetings(user):
        raise PermissionDenied


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    today = timezone.localdate()
    this_month = meetings.month_start(today)
    return render(
        request,
        "evaluation/meeting_list.html",
        {
            "meetings": Meeting.objects.select_related("chair").prefetch_related("decisions")[:60],
            "open_decisions": meetings.open_decisions(),
            "held_this_month": meetings.meetings_held_in(this_month).exists(),
            "this_month": this_month,
            "remind_day": meetings.REMIND_DAY,
            "may_edit": may_edit_meetings(request.user),
            "today": today,
        },
    )


def _meeting_form_page(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    creating = meeting.pk is None
    if request.method == "POST":
        form = MeetingForm(request.POST, instance=meeting)
        decisions = DecisionFormSet(request.POST, instance=meeting, prefix="keputusan")
        # Validate both, so that every error shows at once and every input stays.
        form_ok = form.is_valid()
        decisions_ok = decisions.is_valid()
        if form_ok and decisions_ok:
            saved = meetings.save_meeting(
                form.save(commit=False), list(form.cleaned_data["attendees"]), decisions, request.user
            )
            messages.success(request, _("Rapat evaluasi tersimpan."))
            return redirect(saved.get_absolute_url())
    else:
        today = timezone.localdate()
        initial = {}
        if creating:
            month = meetings.previous_month(today)
            initial = {"held_on": today, "month": month, "agenda": meetings.default_agenda(month)}
        form = MeetingForm(instance=meeting, initial=initial)
        decisions = DecisionFormSet(instance=meeting, prefix="keputusan")
    return render(
        request,
        "evaluation/meeting_form.html",
        {
            "form": form,
            "decisions": decisions,
            "meeting": meeting,
            "creating": creating,
            "carried": meetings.open_decisions(meeting),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    _require_editor(request.user)
    return _meeting_form_page(request, Meeting())


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request.user)
    return _meeting_form_page(request, get_object_or_404(Meeting, pk=pk))


def _meeting_context(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "attendees": meeting.attendees.select_related("person"),
        "decisions": meeting.decisions.select_related("owner", "done_by"),
    }


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _readable_meeting(request, pk)
    context = _meeting_context(meeting)
    user = request.user
    decisions = list(context["decisions"])
    carried = list(meetings.carried_decisions(meeting))
    context.update(
        {
            "decisions": decisions,
            "carried": carried,
            "closable": {d.pk for d in decisions + carried if not d.is_done and may_close_decision(user, d)},
            "close_form": CloseDecisionForm(),
            "may_edit": may_edit_meetings(user),
        }
    )
    return render(request, "evaluation/meeting_detail.html", context)


@login_required
@require_POST
def decision_done(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    if not may_close_decision(request.user, decision):
        raise PermissionDenied
    form = CloseDecisionForm(request.POST)
    if form.is_valid():
        try:
            meetings.close_decision(decision, request.user, form.cleaned_data["note"])
        except meetings.AlreadyDone:
            messages.info(request, _("Keputusan itu sudah ditandai selesai."))
        else:
            messages.success(request, _("Keputusan ditandai selesai."))
    else:
        messages.error(request, _("Catatan penyelesaian terlalu panjang."))
    back = request.POST.get("next", "")
    if back.startswith("/evaluasi/rapat/"):
        return redirect(back)
    return redirect(decision.meeting.get_absolute_url())


@login_required
@require_GET
def meeting_print(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _readable_meeting(request, pk)
    context = {**_meeting_context(meeting), **letterhead_context(for_pdf=False)}
    return render(request, "evaluation/print/meeting_minutes.html", context)


@login_required
@require_GET
def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _readable_meeting(request, pk)
    filename = f"notulen-rapat-evaluasi-{meeting.held_on:%Y-%m-%d}.pdf"
    return pdf_response(request, "evaluation/print/meeting_minutes.html", _meeting_context(meeting), filename)
