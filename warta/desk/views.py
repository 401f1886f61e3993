"""The desk's web pages. Every view is thin: it parses the input, calls `intake.create_request` or
`transitions.perform`, and renders. Every state change is a POST; every request is reached through
`get_request_for_user`, so another organisation's number looks like an unknown one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from warta.accounts import roles
from warta.accounts.models import User
from warta.clock import sla
from warta.clock.services import sla_state_counts
from warta.core.nav import links_for
from warta.core.office import get_office, logo_src
from warta.core.pagecache import cached_page, row_of
from warta.core.ratelimit import RateLimit
from warta.core.templatetags.warta import durasi
from warta.desk import intake, notifications, posting, previews, register, timeline, tracking, transitions
from warta.desk.access import get_request_for_user, visible_requests
from warta.desk.forms import (
    ACTION_FORMS,
    ActionForm,
    AttachmentForm,
    CancelForm,
    DeskFilterForm,
    DeskForm,
    IntakeForm,
    PortalRequestForm,
    ResubmitForm,
    StaffLogForm,
    StandingDispositionForm,
    TrackingForm,
)
from warta.desk.holders import holders, role_label, waiting_for
from warta.desk.models import (
    OPEN_STATUSES,
    Attachment,
    Channel,
    Event,
    PendingUpload,
    PublicationRequest,
    StandingDisposition,
    Status,
)
from warta.desk.panels import render_panels
from warta.desk.requirements import missing_requirements
from warta.desk.templatetags.desk_tags import held_roles
from warta.notify.models import Notice

PAGE_SIZE = 50
RECEIPT_SESSION_KEY = "desk_receipt"
# Failed look-ups allowed per address in 15 minutes on the public tracking page.
TRACKING_LIMIT = RateLimit("tracking-failures", limit=10, seconds=15 * 60)
# Listed after the move that advances the step on the request page.
SECONDARY_ACTIONS = frozenset({"edit", "request_completion", "reassign", "unschedule", "reject", "cancel"})


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _is_staff(user: User) -> bool:
    return user.is_superuser or "staff" in held_roles(user)


# --- intake ----------------------------------------------------------------------------------

FORM_KEY_FIELD = "form_key"
_FORM_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def _form_key(request: HttpRequest) -> str:
    """The one-use key the form carries (a new one for a new form or a key that is not one)."""
    key = request.POST.get(FORM_KEY_FIELD, "") if request.method == "POST" else ""
    return key if _FORM_KEY_RE.match(key) else intake.new_form_key()


def _kept_files(request: HttpRequest, key: str, prefix: str | None = None) -> dict[str, PendingUpload]:
    """The files kept for this person's form with this key, by field, less those the person removed
    ("Hapus berkas ini") or replaced by choosing a new file."""
    pending = intake.pending_uploads(key, _user(request))
    if request.method == "POST":
        for slot, kept in list(pending.items()):
            name = f"{prefix}-{slot}" if prefix else slot
            if request.POST.get(f"discard_{name}") or name in request.FILES:
                intake.discard_pending(kept)
                del pending[slot]
    return pending


def _keep_files(request: HttpRequest, form: DeskForm) -> None:
    """Keep the files of a form that could not be sent which passed their checks, for the next try."""
    for slot, file in form.files_to_keep():
        form.pending[slot] = intake.keep_upload(form.form_key, _user(request), slot, file)


def _intake(
    request: HttpRequest,
    form_class: type[IntakeForm],
    *,
    staff: bool,
    form_kwargs: dict[str, Any],
    create_args: Callable[[IntakeForm], dict[str, Any]],
    decide_submit: Callable[[IntakeForm, bool], bool],
) -> HttpResponse:
    """The portal form and staff logging: one-use key, kept files, every error at once.

    A second POST of a form that made a request (Back, then send again) shows that request. A file
    that passed its checks on a form that could not be sent is kept and offered again; a new file
    in its place, or "Hapus", removes it."""
    user = _user(request)
    key = _form_key(request)
    submitting = request.method == "POST" and "draft" not in request.POST
    if request.method == "POST":
        first = intake.used_form_key(key, user)
        if first is not None:
            return _already_sent(request, first)
    form = form_class(
        request.POST or None,
        request.FILES or None,
        pending=_kept_files(request, key),
        form_key=key,
        submitting=submitting,
        **form_kwargs,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                req = _create(request, form, key=key, submit=decide_submit(form, submitting), **create_args(form))
            except intake.FormKeyUsed as used:
                return _already_sent(request, used.request)
            if req is not None:
                return _after_create(request, req)
        _keep_files(request, form)
    context = {"form": form, "staff": staff}
    return render(request, "desk/request_form.html", context, status=422 if request.method == "POST" else 200)


def _already_sent(request: HttpRequest, req: PublicationRequest) -> HttpResponse:
    messages.info(
        request,
        _("Formulir ini sudah terkirim sebagai %(number)s; tidak dibuat permohonan baru.") % {"number": req.number},
    )
    return redirect(req)


def _create(
    request: HttpRequest,
    form: IntakeForm,
    *,
    key: str,
    organization: Any,
    channel: str,
    received_at: Any,
    extra: dict,
    submit: bool,
) -> PublicationRequest | None:
    """Create the request from a valid form; on a missing requirement put the errors on the form."""
    fields = {**form.content_fields(), **form.contact_fields(), **extra}
    try:
        return intake.create_request(
            user=_user(request),
            organization=organization,
            channel=channel,
            received_at=received_at,
            fields=fields,
            uploads=form.uploads(),
            submit=submit,
            form_key=key,
        )
    except transitions.InvalidData as exc:
        form.add_transition_errors(exc.errors, exc.message)
    except ValidationError as exc:  # a field refused by the model, or an upload by content or size
        if hasattr(exc, "error_dict"):
            for key_, texts in exc.message_dict.items():
                form.add_error(form.field_for(key_), texts)
        else:
            form.add_error(None, exc.messages[0])
    return None


def _after_create(request: HttpRequest, req: PublicationRequest) -> HttpResponse:
    if req.status == Status.DRAFT:
        missing = missing_requirements(req)
        if missing:
            messages.warning(
                request,
                _("Disimpan sebagai draf (jam layanan belum berjalan). Yang masih kurang: %(items)s")
                % {"items": " ".join(missing.values())},
            )
        else:
            messages.success(request, _("Disimpan sebagai draf. Ajukan dari halaman ini bila sudah siap."))
        return redirect(req)
    request.session[RECEIPT_SESSION_KEY] = {"number": req.number, "code": getattr(req, "raw_tracking_code", "")}
    return redirect("request-receipt", number=req.number)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    """An OPD operator's request through the web portal: "Ajukan" or "Simpan draf"."""
    user = _user(request)
    if roles.PEMOHON not in held_roles(user) or not user.organization_id:
        if _is_staff(user):
            return redirect("request-log")
        raise PermissionDenied
    return _intake(
        request,
        PortalRequestForm,
        staff=False,
        form_kwargs={"user": user},
        create_args=lambda form: {
            "organization": form.cleaned_data["organization"],
            "channel": Channel.WEB,
            "received_at": None,
            "extra": {},
        },
        decide_submit=lambda form, submitting: submitting,
    )


def _log_args(form: IntakeForm) -> dict[str, Any]:
    assert isinstance(form, StaffLogForm)
    data = form.cleaned_data
    return {
        "organization": data["organization"],
        "channel": data["channel"],
        "received_at": data["received_at"],
        "extra": form.letter_fields(),
    }


def _log_submit(form: IntakeForm, submitting: bool) -> bool:
    """A letter whose only gap is its scan is kept as a draft (no clock), to be completed later."""
    assert isinstance(form, StaffLogForm)
    if not submitting:
        return False
    data = form.cleaned_data
    probe = PublicationRequest(
        channel=data["channel"], **{**form.content_fields(), **form.contact_fields(), **form.letter_fields()}
    )
    has_scan = any(u.kind == Attachment.Kind.LETTER_SCAN for u in form.uploads())
    return not (set(missing_requirements(probe)) == {"letter.scan"} and not has_scan)


@login_required
@require_http_methods(["GET", "POST"])
def request_log(request: HttpRequest) -> HttpResponse:
    """Office staff log a request that came by letter, WhatsApp, DM, Instagram collaboration or in person.

    A request whose only gap is the letter scan is kept as a draft (no clock) to complete later."""
    if not _is_staff(_user(request)):
        raise PermissionDenied
    return _intake(
        request,
        StaffLogForm,
        staff=True,
        form_kwargs={},
        create_args=_log_args,
        decide_submit=_log_submit,
    )


@login_required
@require_GET
def request_receipt(request: HttpRequest, number: str) -> HttpResponse:
    """The confirmation after submitting: number, tracking code (shown once) and tracking link."""
    req = get_request_for_user(request, number)
    receipt = request.session.get(RECEIPT_SESSION_KEY) or {}
    code = ""
    if receipt.get("number") == req.number:
        code = receipt.get("code", "")
        del request.session[RECEIPT_SESSION_KEY]
    return render(
        request,
        "desk/receipt.html",
        {"req": req, "code": code, "tracking_url": request.build_absolute_uri(tracking.tracking_path(req.number))},
    )


# --- the request page and its actions --------------------------------------------------------


def _detail_context(
    request: HttpRequest,
    req: PublicationRequest,
    bound: ActionForm | None = None,
    attachment_form: AttachmentForm | None = None,
) -> dict[str, Any]:
    user = _user(request)
    staff = _is_staff(user)
    # The step's own move first; asking for more, refusing or cancelling after it.
    actions = sorted(transitions.available_actions(user, req), key=lambda rule: rule.action in SECONDARY_ACTIONS)
    posts = posting.posts_of(req)
    forms: list[tuple[Any, ActionForm]] = []
    for rule in actions:
        if rule.action == "edit" and req.status == Status.PUBLISHED:
            continue  # the page's correction form holds the content, closed after publication (post links: admin)
        if not posting.offered(rule.action, posts):
            continue  # nothing to post, confirm or take down; or Warta is posting (the move would wait)
        if bound is not None and bound.action == rule.action:
            forms.append((rule, bound))
        else:
            forms.append((rule, ACTION_FORMS[rule.action](req=req)))
    entries = timeline.build(req, timeline.audience_of(user))
    if staff:
        notifications.add_contact_wa_links(req, entries)
    may_attach = req.is_open and (staff or "applicant" in transitions.actor_kinds(user, req))
    if attachment_form is None and may_attach:
        attachment_form = AttachmentForm(staff=staff)
    people, role = holders(req)
    instruction = _instruction(user, req) if staff and req.is_open else None
    return {
        "req": req,
        "staff": staff,
        "action_forms": forms,
        "entries": entries,
        "attachments": list(req.attachments.all()),
        **posting.page_context(req, posts, {rule.action for rule in actions}),
        "attachment_form": attachment_form if may_attach else None,
        "missing": missing_requirements(req) if req.status == Status.DRAFT else {},
        "holders": [(person, _holder_role_label(person, role)) for person in people],
        "instruction": instruction,
        # The applicant is told who holds an office step as the office and a role, never the person.
        "holder_label": "" if staff or not people or role == roles.PEMOHON else timeline.office_role(role),
        "now": timezone.now(),
        "panels": render_panels(request, req, staff),
        "previews": previews.for_request(req),
    }


def _holder_role_label(person: User, step_roles: str | None) -> str:
    """The role in which this person holds the step: the first of the step's roles ("kabid_ikp/
    fungsional_ikp") that they hold, else their own office role. A Pejabat Fungsional holds the
    division's step as such, not as Kepala Bidang; the assignee as Staf IKP."""
    held = roles.roles_of(person)
    for code in (step_roles or "").split("/"):
        if code in held:
            return role_label(code)
    for code in roles.ROLES:
        if code in held and code in roles.OFFICE_STAFF:
            return role_label(code)
    return ""


def _instruction(user: User, req: PublicationRequest) -> dict[str, Any] | None:
    """The latest assign/reassign note: what the assignee is to do, shown at the top of the page."""
    if req.assignee_id is None:
        return None
    event = (
        req.events.filter(action__in=("assign", "reassign"))
        .exclude(note="")
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    if event is None or not event.note.strip():
        return None
    return {
        "note": event.note,
        "by": event.actor_name,
        "on_behalf": event.on_behalf,
        "at": event.at,
        "for_you": req.assignee_id == user.pk,
    }


@login_required
@require_GET
def request_detail(request: HttpRequest, number: str) -> HttpResponse:
    req = get_request_for_user(request, number)
    return render(request, "desk/request_detail.html", _detail_context(request, req))


@login_required
@require_GET
def request_posts(request: HttpRequest, number: str) -> HttpResponse:
    """The live state of each platform, polled by htmx while Warta is posting. Once nothing is
    under way the whole page is reloaded (its status, moves and history changed with it)."""
    from django_htmx.http import HttpResponseClientRefresh

    req = get_request_for_user(request, number)
    posts = posting.posts_of(req)
    if request.htmx and not any(p.live for p in posts):  # type: ignore[attr-defined]
        return HttpResponseClientRefresh()
    actions = {rule.action for rule in transitions.available_actions(_user(request), req)}
    return render(request, "desk/_posts.html", {"req": req, **posting.page_context(req, posts, actions)})


@login_required
@require_POST
def request_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """Take one action on a request from its page (the forms of `transitions.available_actions`)."""
    req = get_request_for_user(request, number)
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404
    kwargs: dict[str, Any] = {}
    if form_class(req=req).file_slots():  # a form with files keeps them across an error
        key = _form_key(request)
        kwargs = {"form_key": key, "pending": _kept_files(request, key, prefix=form_class.action)}
    form = form_class(request.POST, request.FILES or None, req=req, **kwargs)
    if not form.is_valid():
        _keep_files(request, form)
        return render(request, "desk/request_detail.html", _detail_context(request, req, bound=form), status=422)
    try:
        with intake.atomic_with_files():
            if isinstance(form, ResubmitForm) and (upload := form.upload()) is not None:
                # Check the right first, so that an outsider's file is never stored.
                if "resubmit" not in {r.action for r in transitions.available_actions(_user(request), req)}:
                    raise transitions.NotPermitted(_("Peran Anda tidak dapat melakukan tindakan ini."))
                intake.add_attachment(req, upload, _user(request))
            transitions.perform(req, action, _user(request), form.payload())
    except transitions.InvalidData as exc:
        form.add_transition_errors(exc.errors, exc.message)
        _keep_files(request, form)
        return render(request, "desk/request_detail.html", _detail_context(request, req, bound=form), status=422)
    except (transitions.NotPermitted, transitions.WrongStatus) as exc:
        messages.error(request, exc.message)
        return redirect(req)
    done = _("Tersimpan: %(action)s.") % {"action": transitions.RULES[action].label}
    if action == "publish":
        used = PublicationRequest.objects.get(pk=req.pk).sla()["used_minutes"]
        done += " " + _("Selesai dalam %(duration)s kerja.") % {"duration": durasi(used)}
    messages.success(request, done)
    return redirect(req)


@login_required
@require_POST
def attachment_add(request: HttpRequest, number: str) -> HttpResponse:
    """Add an attachment to an open request (the applicant of its organisation, or office staff)."""
    req = get_request_for_user(request, number)
    user = _user(request)
    staff = _is_staff(user)
    if not (staff or "applicant" in transitions.actor_kinds(user, req)):
        raise PermissionDenied
    if not req.is_open:
        messages.error(request, _("Lampiran hanya dapat ditambahkan pada permohonan yang masih berjalan."))
        return redirect(req)
    form = AttachmentForm(request.POST, request.FILES, staff=staff)
    if not form.is_valid():
        return render(
            request, "desk/request_detail.html", _detail_context(request, req, attachment_form=form), status=422
        )
    try:
        intake.add_attachment(req, form.upload(), user)
    except ValidationError as exc:
        form.add_error("file", exc.messages[0])
        return render(
            request, "desk/request_detail.html", _detail_context(request, req, attachment_form=form), status=422
        )
    messages.success(request, _("Lampiran ditambahkan."))
    return redirect(req)


# --- the Lembar Disposisi --------------------------------------------------------------------


def _sheet_context(request: HttpRequest, number: str, *, for_pdf: bool) -> dict[str, Any]:
    req = get_request_for_user(request, number)
    if not _is_staff(_user(request)):
        raise PermissionDenied
    entries = timeline.build(req, timeline.OFFICE)
    office = get_office()
    return {
        "req": req,
        "office": office,
        "logo_src": logo_src(office, for_pdf=for_pdf),
        "submitted": next((e for e in entries if e.action == "submit"), None),
        "steps": timeline.disposition_steps(entries),
        "for_pdf": for_pdf,
        # WeasyPrint reads local files only: the sheet's stylesheet by its path.
        "sheet_css_uri": Path(str(finders.find("desk/disposition_sheet.css"))).as_uri() if for_pdf else "",
        "printed_at": timezone.now(),
    }


@login_required
@require_GET
def disposition_sheet(request: HttpRequest, number: str) -> HttpResponse:
    return render(request, "desk/disposition_sheet.html", _sheet_context(request, number, for_pdf=False))


@login_required
@require_GET
def disposition_sheet_pdf(request: HttpRequest, number: str) -> HttpResponse:
    from warta.desk.pdf import html_to_pdf

    context = _sheet_context(request, number, for_pdf=True)
    html = render_to_string("desk/disposition_sheet.html", context, request=request)
    response = HttpResponse(html_to_pdf(html, base_url=request.build_absolute_uri("/")), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="lembar-disposisi-{number}.pdf"'
    return response


# --- role home pages -------------------------------------------------------------------------


def _waiting_for(user: User) -> Q | None:
    """What waits for this person: what they hold by the table (`holders.waiting_for`); an
    administrator with no desk role sees every open request."""
    waiting = waiting_for(user)
    if waiting is None and user.is_superuser:
        return Q(status__in=OPEN_STATUSES)
    return waiting


def _home_context(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    staff = _is_staff(user)
    now = timezone.now()
    qs: QuerySet[PublicationRequest] = visible_requests(user)
    # The button to the portal form, for an operator whom `request_create` lets in (staff use the nav).
    may_request = not staff and roles.PEMOHON in held_roles(user) and bool(user.organization_id)
    context: dict[str, Any] = {"staff": staff, "now": now, "filtering": False, "may_request": may_request}
    if staff:
        filters = DeskFilterForm(request.GET or None)
        context["filters"] = filters
        # Only open requests have a running clock; the status filter lets the database use its index.
        open_qs = PublicationRequest.objects.filter(
            status__in=OPEN_STATUSES, sla_closed_at__isnull=True, due_at__isnull=False
        )
        counts = sla_state_counts(open_qs, now)
        context["sla_counts"] = [(state, counts.get(state, 0)) for state in sla.OPEN_STATES]
        if filters.is_filtering():
            context["filtering"] = True
            data = filters.cleaned_data
            if data["status"] == "open":
                qs = qs.filter(status__in=OPEN_STATUSES)
            elif data["status"]:
                qs = qs.filter(status=data["status"])
            if data["organization"]:
                qs = qs.filter(organization=data["organization"])
            if data["channel"]:
                qs = qs.filter(channel=data["channel"])
        else:
            waiting = _waiting_for(user)
            qs = qs.filter(waiting) if waiting is not None else qs.none()
        qs = qs.order_by(F("due_at").asc(nulls_last=True), "-received_at")
        context["drafts"] = (
            PublicationRequest.objects.filter(status=Status.DRAFT, created_by=user)
            .select_related("organization")
            .order_by("-received_at")[:20]
        )
    elif roles.PEMOHON in held_roles(user):
        qs = qs.order_by("-received_at", "-pk")
    else:
        qs = qs.none()
        # No part on the desk (e.g. the complaints officer and team): their pages from the menu.
        context["elsewhere"] = [link for link in links_for(user) if link.key not in ("home", "tracking")]
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context["page"] = page
    context["notices"] = _live_notices(user)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context["query"] = query.urlencode()
    return context


def _live_notices(user: User, limit: int = 10) -> list[Notice]:
    """The person's notices that still ask something of them, newest first.

    A notice is resolved when the step it is about is taken (`notifications.resolve_notices`); a
    "waiting for you" notice about a request that no longer waits for this person (a role lost, a
    delegation ended) is left out here too.
    """
    notices = list(Notice.objects.filter(recipient=user).live()[:limit])
    waiting = {n.pk: notifications.request_pk(n.topic) for n in notices if n.message == notifications.WAITING}
    if waiting:
        mine = _waiting_for(user)
        held = (
            set(PublicationRequest.objects.filter(mine, pk__in=set(waiting.values())).values_list("pk", flat=True))
            if mine is not None
            else set()
        )
        notices = [n for n in notices if n.pk not in waiting or waiting[n.pk] in held]
    return notices


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's home page: what waits for it, nearest deadline first; refreshed by htmx.
    `?format=csv` or `?format=xlsx` downloads the list as shown (filters applied, every page)."""
    context = _home_context(request)
    fmt = request.GET.get("format", "")
    if fmt in register.FORMATS:
        return register.export(context["page"].paginator.object_list, fmt, staff=context["staff"])
    template = "desk/home.html#desk-list" if getattr(request, "htmx", False) else "desk/home.html"
    return render(request, template, context)


@login_required
@require_POST
def notices_read(request: HttpRequest) -> HttpResponse:
    Notice.objects.filter(recipient=_user(request), read_at__isnull=True).update(read_at=timezone.now())
    return redirect("home")


# --- public tracking -------------------------------------------------------------------------


def _tracked(number: str) -> PublicationRequest | None:
    return (
        PublicationRequest.objects.filter(number=number)
        .exclude(tracking_code_hash="")
        .only(
            "pk",
            "number",
            "title",
            "status",
            "received_at",
            "due_at",
            "published_at",
            "platforms",
            "tracking_code_hash",
            "reject_reason",
            "sla_closed_at",
            "sla_outcome",
            "paused_at",
            "updated_at",  # the cached page's stamp
            "at_risk_at",
            "organization__name",
        )
        .select_related("organization")
        .first()
    )


def _tracking_context(req: PublicationRequest, request: HttpRequest | None = None, **extra: Any) -> dict[str, Any]:
    # The public timeline names no one: the actor is not even read.
    events = Event.objects.filter(request=req).only(
        "action", "at", "note", "data", "from_status", "to_status", "role", "request_id"
    )
    context: dict[str, Any] = {
        "req": req,
        "entries": timeline.build(req, timeline.PUBLIC, events),
        "may_cancel": req.status in transitions.RULES["cancel"].sources,
        **extra,
    }
    context.setdefault("cancel_form", CancelForm(req=req))
    context["cancel_needs_code"] = not context.get("code") and not (
        request is not None and _applicant_user(request, req) is not None
    )
    return context


def _neutral_error() -> str:
    return _("Nomor registrasi atau kode lacak tidak cocok.")


@require_http_methods(["GET", "POST"])
def tracking_view(request: HttpRequest) -> HttpResponse:
    """/lacak/: number + tracking code → status and public timeline (no personal data)."""
    form = TrackingForm(request.POST or None)
    if request.method == "POST":
        if TRACKING_LIMIT.exceeded(request):
            error = _("Terlalu banyak percobaan. Coba lagi beberapa menit lagi.")
            return render(request, "desk/tracking.html", {"form": TrackingForm(), "error": error}, status=429)
        if form.is_valid():
            req = _tracked(form.cleaned_data["number"])
            if req is not None and req.check_tracking_code(form.cleaned_data["code"]):
                return render(
                    request,
                    "desk/tracking.html",
                    _tracking_context(req, request, form=None, code=form.cleaned_data["code"]),
                )
            TRACKING_LIMIT.hit(request)
            form.add_error(None, _neutral_error())
            return render(request, "desk/tracking.html", {"form": form}, status=404)
        return render(request, "desk/tracking.html", {"form": form}, status=422)
    return render(request, "desk/tracking.html", {"form": form})


@require_GET
def tracking_signed(request: HttpRequest, token: str) -> HttpResponse:
    """/lacak/<token>/: the signed link sent at receipt, needing no code to look (until it expires)."""
    number, state = tracking.read_token(token)
    req = _tracked(number) if number else None
    if req is None:
        error = _neutral_error()
        if state is tracking.LinkState.EXPIRED:
            error = _("Tautan lacak ini sudah kedaluwarsa. Lacak dengan nomor registrasi dan kode lacak Anda.")
        return render(request, "desk/tracking.html", {"form": TrackingForm(), "error": error}, status=404)

    def page() -> HttpResponse:
        # Read again after the cache's snapshot, so that the page shows what the snapshot names.
        shown = _tracked(req.number) or req
        response = render(request, "desk/tracking.html", _tracking_context(shown, request, form=None, token=token))
        response.warta_uncacheable = shown.updated_at != req.updated_at  # type: ignore[attr-defined]
        return response

    # Rendered once until the request changes (every move saves it, moving updated_at); an open
    # request's countdown moves with the minute. The link stops at its expiry, cached or not.
    now = timezone.now()
    minute = now.strftime("%Y%m%d%H%M") if req.is_open else ""
    valid_until = None
    if req.is_open:
        valid_until = (now.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)).timestamp()
    return cached_page(
        request,
        f"tracking:{req.pk}",
        [],
        page,
        extra=f"{minute}|{token}",
        row=row_of(PublicationRequest, req.pk, "updated_at"),
        valid_until=valid_until,
        expires=("warta.desk.tracking.link_expires_at", token),
    )


def _applicant_user(request: HttpRequest, req: PublicationRequest) -> User | None:
    """The signed-in operator of the requesting organisation, who may cancel without the code."""
    user = request.user
    if user.is_authenticated and "applicant" in transitions.actor_kinds(user, req):  # type: ignore[arg-type]
        return user  # type: ignore[return-value]
    return None


@require_POST
def tracking_cancel(request: HttpRequest) -> HttpResponse:
    """The contact cancels from the tracking page: with the tracking code, or signed in as the applicant.

    A signed link only names the request; it does not stand in for the code.
    """
    if TRACKING_LIMIT.exceeded(request):
        raise PermissionDenied
    token = request.POST.get("token", "")
    code = request.POST.get("code", "").strip()
    number = tracking.number_from_token(token) if token else (request.POST.get("number") or "").strip().upper()
    req = _tracked(number) if number else None
    applicant = _applicant_user(request, req) if req is not None else None
    with_code = req is not None and bool(code) and req.check_tracking_code(code)
    if req is None or not (with_code or applicant):
        TRACKING_LIMIT.hit(request)
        if req is not None and token:
            context = _tracking_context(req, request, form=None, token=token)
            context["cancel_error"] = _(
                "Kode lacak salah. Masukkan kode lacak yang Anda terima saat permohonan diterima."
            )
            return render(request, "desk/tracking.html", context, status=403)
        return render(request, "desk/tracking.html", {"form": TrackingForm(), "error": _neutral_error()}, status=404)
    # As on the request page: a reason, and a tick that says the person means it.
    form = CancelForm(request.POST, req=req)
    if not form.is_valid():
        context = _tracking_context(req, request, form=None, token=token, code=code if with_code and not token else "")
        context.update(cancel_form=form, cancel_open=True)
        return render(request, "desk/tracking.html", context, status=422)
    note = form.payload()
    try:
        if with_code:
            transitions.perform(req, "cancel", None, note, contact=True)
        else:
            transitions.perform(req, "cancel", applicant, note)
    except transitions.TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Permohonan %(number)s dibatalkan.") % {"number": req.number})
    req = _tracked(req.number) or req
    context = _tracking_context(req, request, form=None, token=token, code=code if with_code and not token else "")
    return render(request, "desk/tracking.html", context)


# --- standing dispositions (pimpinan) --------------------------------------------------------


def _require_pimpinan(request: HttpRequest) -> User:
    user = _user(request)
    if roles.PIMPINAN not in held_roles(user):
        raise PermissionDenied
    return user


@login_required
@require_http_methods(["GET", "POST"])
def standing_dispositions(request: HttpRequest) -> HttpResponse:
    user = _require_pimpinan(request)
    form = StandingDispositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        order = form.save(commit=False)
        order.created_by = user
        order.save()
        messages.success(request, _("Disposisi tetap ditambahkan."))
        return redirect("standing-dispositions")
    orders = StandingDisposition.objects.select_related("organization", "created_by").order_by(
        "-is_active", "-created_at"
    )
    status = 422 if request.method == "POST" else 200
    return render(request, "desk/standing_dispositions.html", {"form": form, "orders": orders}, status=status)


@login_required
@require_POST
def standing_disposition_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_pimpinan(request)
    updated = StandingDisposition.objects.filter(pk=pk, is_active=True).update(is_active=False)
    if updated:
        messages.success(request, _("Disposisi tetap dinonaktifkan."))
    return redirect(reverse("standing-dispositions"))
