"""The complaint pages: the public form and tracking page, the officer's list and the complaint page
with its moves, staff logging, the LAPOR upload, the printable answer letter and the public figures.

Every complaint is reached through `access.get_complaint_for_user` (an unseen number is a 404);
every move is a POST through `transitions.perform`.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from warta.accounts.models import User
from warta.complaints import access, intake, lapor, notifications, timeline, transitions
from warta.complaints import figures as stats
from warta.complaints.forms import ActionForm, LaporUploadForm, PublicComplaintForm, StaffLogForm, TrackingForm
from warta.complaints.holders import holders
from warta.complaints.models import OPEN_STATUSES, STANDARD_CHANNELS, Channel, Complaint, Status
from warta.complaints.nav import may_list
from warta.complaints.rules import ADVANCED_BY, COMPLAINT_ACTIONS, RULES
from warta.core.ratelimit import RateLimit
from warta.survey import protection

PAGE_SIZE = 50
RECEIPT_SESSION_KEY = "complaint_receipt"
TOKEN_FIELD = "form_token"  # noqa: S105 - a form field name, not a secret
FORM_SCOPE = "complaint"


def _limit(scope: str) -> RateLimit:
    """Per-address allowance of the public form and the tracking page: (count, seconds), generous
    since a service desk may share one address (settings.COMPLAINT_RATE_LIMIT, from
    WARTA_COMPLAINT_RATE_LIMIT)."""
    count, seconds = getattr(settings, "COMPLAINT_RATE_LIMIT", (10, 600))
    return RateLimit(f"complaint:{scope}", int(count), int(seconds))


TOKEN_PROBLEMS = {
    "invalid": gettext_lazy("Formulir tidak dikenali. Periksa isian Anda lalu kirim lagi."),
    "too_fast": gettext_lazy("Formulir terkirim terlalu cepat. Periksa isian Anda lalu kirim lagi."),
    "expired": gettext_lazy("Formulir sudah terlalu lama dibuka. Periksa isian Anda lalu kirim lagi."),
}
# The moves the complainant takes on the tracking page.
COMPLAINANT_MOVES = ("provide_info", "reopen")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _channels() -> list[dict[str, str]]:
    """The standard's complaint channels, each named as the complaints name it (STANDARD_CHANNELS)."""
    from warta.standards.services import complaint_channels, default_service

    service = default_service()
    listed = complaint_channels(service) if service is not None else []
    labels = dict(Channel.choices)
    return [
        {
            **item,
            "code": STANDARD_CHANNELS.get(item["kind"], ""),
            "label": str(labels.get(STANDARD_CHANNELS.get(item["kind"], ""), item["label"])),
        }
        for item in listed
    ]


# --- public ---------------------------------------------------------------------------------------


def _form_page(request: HttpRequest, form: PublicComplaintForm, problem: str = "", status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "token": protection.make_token(FORM_SCOPE),
        "token_field": TOKEN_FIELD,
        "honeypot": protection.HONEYPOT_FIELD,
        "problem": problem,
        "channels": _channels(),
    }
    return render(request, "complaints/public_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest) -> HttpResponse:
    """/pengaduan/: anyone may complain, anonymously if they wish (flood-protected like the SKM form)."""
    if request.method != "POST":
        return _form_page(request, PublicComplaintForm())
    if _limit("form").exceeded(request):
        return render(request, "complaints/limited.html", status=429)
    _limit("form").hit(request)
    form = PublicComplaintForm(request.POST, request.FILES)
    if request.POST.get(protection.HONEYPOT_FIELD):
        return redirect("complaint-sent")  # a robot filled the field people never see: keep nothing
    problem = protection.check_token(request.POST.get(TOKEN_FIELD, ""), FORM_SCOPE)
    if not form.is_valid() or problem is not None:
        message = str(TOKEN_PROBLEMS[problem]) if problem else ""
        return _form_page(request, form, message, status=422)
    data = form.cleaned_data
    fields = {k: data.get(k) for k in (*intake.FIELDS, "related_request") if k in data}
    uploads = [intake.Upload(file=data["attachment"], name=data["attachment"].name)] if data.get("attachment") else []
    try:
        complaint = intake.create_complaint(
            user=None, kind=data["kind"], channel="web", fields=fields, uploads=uploads, public=True
        )
    except transitions.InvalidData as exc:
        for name, text in exc.errors.items():
            form.add_error(name if name in form.fields else None, text)
        return _form_page(request, form, status=422)
    except ValidationError as exc:
        form.add_error("attachment", " ".join(exc.messages))
        return _form_page(request, form, status=422)
    request.session[RECEIPT_SESSION_KEY] = {
        "number": complaint.number,
        "code": getattr(complaint, "raw_tracking_code", ""),
    }
    return redirect("complaint-sent")


def public_sent(request: HttpRequest) -> HttpResponse:
    receipt = request.session.pop(RECEIPT_SESSION_KEY, None)
    return render(request, "complaints/public_sent.html", {"receipt": receipt})


def _tracked(request: HttpRequest, form: TrackingForm) -> Complaint | None:
    if not form.is_valid():
        return None
    complaint = Complaint.objects.filter(number=form.cleaned_data["number"].strip().upper()).first()
    if complaint is None or not complaint.check_tracking_code(form.cleaned_data["code"]):
        form.add_error(None, _("Nomor atau kode lacak tidak cocok."))
        return None
    return complaint


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """/pengaduan/lacak/: the status and the answer with the number and the code; no identity. The
    complainant may add the information asked for, or reopen within the window."""
    if request.method != "POST":
        return render(request, "complaints/track.html", {"form": TrackingForm()})
    if _limit("track").exceeded(request):
        return render(request, "complaints/limited.html", status=429)
    _limit("track").hit(request)
    form = TrackingForm(request.POST)
    complaint = _tracked(request, form)
    if complaint is None:
        field_errors = set(form.errors) - {"__all__"}
        return render(request, "complaints/track.html", {"form": form}, status=422 if field_errors else 404)
    move = request.POST.get("move", "")
    error = ""
    if move:
        if move not in COMPLAINANT_MOVES:
            raise Http404
        try:
            transitions.perform(complaint, move, None, {"note": request.POST.get("note", "")}, contact=True)
        except transitions.TransitionError as exc:
            error = "; ".join(exc.errors.values()) or exc.message
        else:
            messages.success(request, _("Terima kasih, tersimpan."))
        complaint.refresh_from_db()
    allowed = [r.action for r in transitions.available_actions(None, complaint, contact=True)]
    context = {
        "form": form,
        "complaint": complaint,
        "entries": timeline.entries(complaint, timeline.COMPLAINANT),
        "moves": [m for m in COMPLAINANT_MOVES if m in allowed],
        "rules": RULES,
        "error": error,
    }
    return render(request, "complaints/track.html", context, status=422 if error else 200)


def figures(request: HttpRequest, year: int | None = None) -> HttpResponse:
    year = year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise Http404
    return render(request, "complaints/figures.html", {"year": year, **stats.year_figures(year)})


# --- staff ----------------------------------------------------------------------------------------


def _require_officer(user: User) -> None:
    if not access.sees_all(user):
        raise PermissionDenied


@login_required
def officer_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    qs = access.visible_complaints(user)
    # The complaint service has this page (the menu's rule); staff consulted on a complaint too.
    if not may_list(user) and not qs.exists():
        raise PermissionDenied
    status = request.GET.get("status", "open")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status in Status.values:
        qs = qs.filter(status=status)
    else:
        status = "all"
    page = Paginator(qs.order_by("due_at", "-received_at", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": Status.choices,
        "can_log": access.sees_all(user),
        "now": timezone.now(),
    }
    return render(request, "complaints/list.html", context)


def _detail_context(request: HttpRequest, complaint: Complaint, bound: ActionForm | None = None) -> dict[str, Any]:
    user = _user(request)
    rules = transitions.available_actions(user, complaint)
    forms = []
    for rule in rules:
        if rule.action not in COMPLAINT_ACTIONS:
            continue
        form = bound if bound is not None and bound.action == rule.action else ActionForm(rule.action)
        forms.append({"rule": rule, "form": form})
    people, _role = holders(complaint)
    show_identity = access.can_see_identity(user, complaint)
    whatsapp_messages = list(notifications.whatsapp_messages(complaint))
    return {
        "complaint": complaint,
        "show_identity": show_identity,
        # The messages sent to the complainant and their status; the number only with the identity.
        "whatsapp_messages": whatsapp_messages,
        "hide_whatsapp_number": not show_identity,
        "actions": forms,
        "entries": timeline.entries(complaint, timeline.OFFICE),
        "holders": people,
        "advanced_by": RULES[ADVANCED_BY[complaint.status]] if complaint.status in ADVANCED_BY else None,
        "wa_link": notifications.answer_wa_link(complaint) if show_identity else "",
        "attachments": list(complaint.attachments.all()),
    }


@login_required
def detail(request: HttpRequest, number: str) -> HttpResponse:
    complaint = access.get_complaint_for_user(request, number)
    return render(request, "complaints/detail.html", _detail_context(request, complaint))


@login_required
@require_POST
def act(request: HttpRequest, number: str, action: str) -> HttpResponse:
    complaint = access.get_complaint_for_user(request, number)
    if action not in COMPLAINT_ACTIONS:
        raise Http404
    form = ActionForm(action, request.POST)
    if not form.is_valid():
        return render(request, "complaints/detail.html", _detail_context(request, complaint, form), status=422)
    try:
        transitions.perform(complaint, action, _user(request), form.payload())
    except transitions.InvalidData as exc:
        form.add_transition_errors(exc.errors, exc.message)
        return render(request, "complaints/detail.html", _detail_context(request, complaint, form), status=422)
    except (transitions.NotPermitted, transitions.WrongStatus) as exc:
        messages.error(request, exc.message)
        return redirect(complaint)
    messages.success(request, _("Tersimpan: %(action)s.") % {"action": RULES[action].label})
    if not access.can_see(_user(request), complaint):
        return redirect("complaint-list")
    return redirect(complaint)


@login_required
@require_http_methods(["GET", "POST"])
def log_complaint(request: HttpRequest) -> HttpResponse:
    """Staff log a complaint that came by any other channel, with the time it was received."""
    user = _user(request)
    _require_officer(user)
    if request.method != "POST":
        return render(request, "complaints/log.html", {"form": StaffLogForm()})
    form = StaffLogForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "complaints/log.html", {"form": form}, status=422)
    data = form.cleaned_data
    fields = {k: data.get(k) for k in intake.FIELDS if k in data}
    uploads = [intake.Upload(file=data["attachment"], name=data["attachment"].name)] if data.get("attachment") else []
    classify = {"tier": data["tier"], "category": data["category"].code} if data.get("tier") else None
    try:
        complaint = intake.create_complaint(
            user=user,
            kind=data["kind"],
            channel=data["channel"],
            received_at=data["received_at"],
            fields=fields,
            uploads=uploads,
            classify=classify,
        )
    except transitions.InvalidData as exc:
        for name, text in exc.errors.items():
            form.add_error(name if name in form.fields else None, text)
        return render(request, "complaints/log.html", {"form": form}, status=422)
    except ValidationError as exc:
        form.add_error("attachment", " ".join(exc.messages))
        return render(request, "complaints/log.html", {"form": form}, status=422)
    messages.success(
        request,
        _("Pengaduan %(number)s tercatat. Kode lacak untuk pengadu: %(code)s")
        % {"number": complaint.number, "code": getattr(complaint, "raw_tracking_code", "")},
    )
    return redirect(complaint)


@login_required
@require_http_methods(["GET", "POST"])
def import_lapor(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require_officer(user)
    report = None
    form = LaporUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read(5 * 1024 * 1024 + 1)
        if len(raw) > 5 * 1024 * 1024:
            form.add_error("file", _("Berkas terlalu besar (paling besar 5 MB)."))
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                form.add_error("file", _("Berkas harus CSV dengan pengodean UTF-8."))
            else:
                report = lapor.import_text(text, user)
    status = 422 if form.errors else 200
    return render(request, "complaints/import_lapor.html", {"form": form, "report": report}, status=status)


@login_required
def letter(request: HttpRequest, number: str) -> HttpResponse:
    """The approved answer as a printable letter (for the complaint box, or handing over in person)."""
    complaint = access.get_complaint_for_user(request, number)
    user = _user(request)
    if not complaint.answer or not (access.sees_all(user) or access.is_assignee(user, complaint)):
        raise Http404
    context = {"complaint": complaint, "show_identity": access.can_see_identity(user, complaint)}
    return render(request, "complaints/letter.html", context)


@login_required
def attachment_file(request: HttpRequest, number: str, pk: int) -> HttpResponseBase:
    """A complaint's attachment, for those who may see the complaint (private storage, no URL)."""
    from warta.core.uploads import serve_private

    complaint = access.get_complaint_for_user(request, number)
    attachment = complaint.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return serve_private(
        attachment.file.name or "",
        content_type=attachment.content_type,
        filename=attachment.original_name,
        as_attachment=not attachment.content_type.startswith("image/"),
    )
