"""Sanctions and staff records: the list of violations and sanctions, a proposal, a decision, the
reprimand letter, and each person's record (violations, sanctions, competences, trainings)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from warta.accounts import roles
from warta.clock.models import Breach
from warta.evaluation import sanctions
from warta.evaluation.access import (
    get_person_for_user,
    is_admin,
    may_decide_sanction,
    may_edit_profiles,
    may_propose_sanction,
    may_read_records,
    role_label,
    staff_people,
)
from warta.evaluation.letters import letterhead_context, pdf_response
from warta.evaluation.models import CompetenceCheck, Sanction, Training
from warta.evaluation.record_forms import CompetenceForm, DecideForm, SanctionForm, TrainingForm
from warta.standards.services import competences, default_service


def _standing_sanction():
    return Sanction.objects.filter(breach=OuterRef("pk")).exclude(status=Sanction.Status.DECLINED)


@login_required
@require_GET
def sanction_list(request: HttpRequest) -> HttpResponse:
    if not may_read_records(request.user):
        raise PermissionDenied
    unsanctioned = (
        Breach.objects.filter(violator__isnull=False)
        .annotate(sanctioned=Exists(_standing_sanction()))
        .filter(sanctioned=False)
        .select_related("violator")
        .order_by("-violation_judged_at")
    )
    all_sanctions = Sanction.objects.select_related("person", "breach", "proposed_by", "decided_by")
    return render(
        request,
        "evaluation/sanction_list.html",
        {
            "unsanctioned": unsanctioned[:100],
            "proposed": all_sanctions.filter(status=Sanction.Status.PROPOSED),
            "settled": all_sanctions.exclude(status=Sanction.Status.PROPOSED)[:100],
            "may_propose": may_propose_sanction(request.user),
        },
    )


@login_required
def sanction_new(request: HttpRequest) -> HttpResponse:
    """The kabid's proposal, for a violation (?pelanggaran=) or a person (?orang=)."""
    if not may_propose_sanction(request.user):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    breach = None
    person: Any = None
    if str(source.get("pelanggaran", "")).isdigit():
        breach = get_object_or_404(Breach.objects.select_related("violator"), pk=int(source["pelanggaran"]))
        if breach.violator is None:
            raise Http404
        person = breach.violator
    elif str(source.get("orang", "")).isdigit():
        person = staff_people().filter(pk=int(source["orang"])).first()
    initial = {"level": sanctions.next_level(person) if person else sanctions.LADDER[0]}
    if person is not None:
        initial["person"] = person.pk
    if request.method == "POST":
        form = SanctionForm(request.POST, initial=initial, breach=breach)
        if form.is_valid():
            try:
                sanction = sanctions.propose(
                    person=person if breach is not None else form.cleaned_data["person"],
                    level=form.cleaned_data["level"],
                    reason=form.cleaned_data["reason"],
                    further_detail=form.cleaned_data.get("further_detail", ""),
                    breach=breach,
                    by=request.user,
                )
            except sanctions.AlreadySanctioned:
                form.add_error(None, _("Pelanggaran ini sudah memiliki usulan atau sanksi."))
            else:
                messages.success(request, _("Usulan sanksi tersimpan dan menunggu keputusan pimpinan."))
                return redirect(sanction.get_absolute_url())
    else:
        form = SanctionForm(initial=initial, breach=breach)
    return render(
        request,
        "evaluation/sanction_form.html",
        {
            "form": form,
            "breach": breach,
            "person": person,
            "ladder": sanctions.ladder(person) if person else [],
        },
        status=400 if request.method == "POST" else 200,
    )


def _sanction_for_user(request: HttpRequest, pk: int) -> Sanction:
    """A sanction is part of its person's record: the person, the superiors and the admin see it."""
    sanction = get_object_or_404(
        Sanction.objects.select_related("person", "breach", "proposed_by", "decided_by"), pk=pk
    )
    get_person_for_user(request.user, sanction.person_id)
    return sanction


@login_required
@require_GET
def sanction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sanction = _sanction_for_user(request, pk)
    may_decide = sanction.status == Sanction.Status.PROPOSED and may_decide_sanction(request.user)
    form = DecideForm(sanction=sanction, initial={"decided_on": timezone.localdate(), "decision": "decided"})
    return render(
        request,
        "evaluation/sanction_detail.html",
        {"sanction": sanction, "may_decide": may_decide, "form": form, "ladder": sanctions.ladder(sanction.person)},
    )


@login_required
@require_POST
def sanction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    sanction = _sanction_for_user(request, pk)
    if not may_decide_sanction(request.user):
        raise PermissionDenied
    form = DecideForm(request.POST, sanction=sanction)
    if form.is_valid():
        decided = form.cleaned_data["decision"] == "decided"
        try:
            sanctions.decide(
                sanction,
                by=request.user,
                decided=decided,
                on=form.cleaned_data["decided_on"],
                note=form.cleaned_data["note"],
                letter_number=form.cleaned_data["letter_number"],
            )
        except sanctions.NotProposed:
            messages.error(request, _("Usulan ini sudah diputuskan."))
        else:
            messages.success(request, _("Sanksi ditetapkan.") if decided else _("Usulan sanksi ditolak."))
        return redirect(sanction.get_absolute_url())
    return render(
        request,
        "evaluation/sanction_detail.html",
        {"sanction": sanction, "may_decide": True, "form": form, "ladder": sanctions.ladder(sanction.person)},
        status=400,
    )


def _letter_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    sanction = _sanction_for_user(request, pk)
    if not sanction.has_letter:
        raise Http404
    return {"sanction": sanction, "person_roles": role_label(sanction.person)}


@login_required
@require_GET
def sanction_letter(request: HttpRequest, pk: int) -> HttpResponse:
    context = {**_letter_context(request, pk), **letterhead_context(for_pdf=False)}
    return render(request, "evaluation/print/sanction_letter.html", context)


@login_required
@require_GET
def sanction_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = _letter_context(request, pk)
    filename = f"surat-teguran-{context['sanction'].pk}.pdf"
    return pdf_response(request, "evaluation/print/sanction_letter.html", context, filename)


# --- staff records -------------------------------------------------------------------------------


def competence_list() -> list[tuple[str, str]]:
    """(key, text) of each competence the standard lists; the key is a slug of the text."""
    service = default_service()
    items = competences(service) if service else []
    return [(slugify(text)[:80], text) for text in items]


@login_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    if not may_read_records(request.user):
        raise PermissionDenied
    listed = competence_list()
    keys = [key for key, _text in listed]
    people = staff_people().annotate(
        checked=Count("competence_checks", filter=Q(competence_checks__key__in=keys), distinct=True),
        training_count=Count("trainings", distinct=True),
        violation_count=Count("violations", distinct=True),
        sanction_count=Count("sanctions", filter=Q(sanctions__status=Sanction.Status.DECIDED), distinct=True),
    )
    rows = [{"person": p, "roles": role_label(p)} for p in people]
    return render(request, "evaluation/staff_list.html", {"rows": rows, "competence_total": len(listed)})


def _record_page(request: HttpRequest, person: Any, *, competence_form=None, training_form=None, status=200):
    listed = competence_list()
    checks = {c.key: c for c in CompetenceCheck.objects.filter(person=person).select_related("checked_by")}
    editable = may_edit_profiles(request.user)
    if competence_form is None and editable:
        competence_form = CompetenceForm(competences=listed, initial={"checked": list(checks)})
    return render(
        request,
        "evaluation/profile.html",
        {
            "person": person,
            "roles": role_label(person),
            "own": person.pk == request.user.pk,
            "competences": [{"key": k, "text": t, "check": checks.get(k)} for k, t in listed],
            "competence_form": competence_form,
            "training_form": training_form or (TrainingForm() if editable else None),
            "trainings": Training.objects.filter(person=person),
            "violations": sanctions.violations_of(person),
            "sanctions": sanctions.sanctions_of(person),
            "ladder": sanctions.ladder(person),
            "editable": editable,
            "may_propose": may_propose_sanction(request.user) and person.pk != request.user.pk,
        },
        status=status,
    )


@login_required
@require_GET
def staff_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(request, get_person_for_user(request.user, pk))


@login_required
@require_GET
def my_record(request: HttpRequest) -> HttpResponse:
    return _record_page(request, get_person_for_user(request.user, int(request.user.pk or 0)))


def _editable_person(request: HttpRequest, pk: int) -> Any:
    person = get_person_for_user(request.user, pk)
    if not may_edit_profiles(request.user):
        raise PermissionDenied
    return person


@login_required
@require_POST
def staff_competences(request: HttpRequest, pk: int) -> HttpResponse:
    person = _editable_person(request, pk)
    listed = competence_list()
    form = CompetenceForm(request.POST, competences=listed)
    if not form.is_valid():
        return _record_page(request, person, competence_form=form, status=400)
    chosen = set(form.cleaned_data["checked"])
    texts = dict(listed)
    with transaction.atomic():
        CompetenceCheck.objects.filter(person=person, key__in=list(texts)).exclude(key__in=chosen).delete()
        present = set(CompetenceCheck.objects.filter(person=person).values_list("key", flat=True))
        CompetenceCheck.objects.bulk_create(
            CompetenceCheck(
                person=person,
                key=key,
                label=texts[key][:500],
                checked_by=request.user,  # type: ignore[misc]  # login_required: a User
                checked_on=timezone.localdate(),
            )
            for key in chosen - present
        )
    messages.success(request, _("Kompetensi %(name)s tersimpan.") % {"name": person.display_name})
    return redirect(reverse("evaluation-staff-record", args=[person.pk]))


@login_required
@require_POST
def staff_training(request: HttpRequest, pk: int) -> HttpResponse:
    person = _editable_person(request, pk)
    form = TrainingForm(request.POST)
    if not form.is_valid():
        return _record_page(request, person, training_form=form, status=400)
    training = form.save(commit=False)
    training.person = person
    training.recorded_by = request.user
    training.save()
    messages.success(request, _("Pelatihan %(title)s tersimpan.") % {"title": training.title})
    return redirect(reverse("evaluation-staff-record", args=[person.pk]) + "#pelatihan")


@login_required
@require_POST
def staff_training_delete(request: HttpRequest, pk: int, training_pk: int) -> HttpResponse:
    person = _editable_person(request, pk)
    training = get_object_or_404(Training, pk=training_pk, person=person)
    training.delete()
    messages.success(request, _("Pelatihan %(title)s dihapus.") % {"title": training.title})
    return redirect(reverse("evaluation-staff-record", args=[person.pk]) + "#pelatihan")


def violation_link(breach: Breach, user: Any) -> tuple[str, str] | None:
    """Beside a violation in the clock's register: the kabid proposes a sanction; the superiors and
    the admin open the person's record."""
    if breach.violator_id is None:
        return None
    standing = Sanction.objects.filter(breach=breach).exclude(status=Sanction.Status.DECLINED).first()
    if standing is not None and (is_admin(user) or roles.has_role(user, *roles.SUPERVISORS)):
        return _("Sanksi: %(level)s (%(status)s)") % {
            "level": standing.get_level_display(),
            "status": standing.get_status_display(),
        }, standing.get_absolute_url()
    if may_propose_sanction(user):
        return _("Usulkan sanksi"), reverse("evaluation-sanction-new") + f"?pelanggaran={breach.pk}"
    if is_admin(user) or roles.has_role(user, *roles.SUPERVISORS):
        return _("Catatan pegawai"), reverse("evaluation-staff-record", args=[breach.violator_id])
    return None
