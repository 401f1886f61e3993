"""The inbox at /kotak-masuk/: conversations by contact, newest first; one conversation with its
messages and media, and what staff do with it (reply, give to someone, mark done, make it a request
or a complaint). Media leave only through the access-checked views here."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from warta.channels import access, converters, services
from warta.channels.forms import AssignForm, ReplyForm, TemplateReplyForm
from warta.channels.models import Conversation, Media, Platform
from warta.core.uploads import serve_private


def _require_inbox(request: HttpRequest) -> None:
    if not access.may_use_inbox(request.user):
        raise PermissionDenied


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    _require_inbox(request)
    show = request.GET.get("tampil", "")
    qs = access.visible_conversations(request.user)
    qs = qs.filter(done_at__isnull=False) if show == "selesai" else qs.filter(done_at__isnull=True)
    platform = request.GET.get("platform", "")
    if platform in Platform.values:
        qs = qs.filter(platform=platform)
    now = timezone.now()
    conversations = list(qs[:200])
    thumbs: dict[int, list[Media]] = {}
    for media in (
        Media.objects.filter(message__conversation__in=conversations)
        .exclude(thumbnail="")
        .select_related("message")
        .order_by("-pk")
    ):
        thumbs.setdefault(media.message.conversation_id, []).append(media)
    for conversation in conversations:
        conversation.minutes_left = conversation.window_minutes_left(now)  # type: ignore[attr-defined]
        conversation.thumbs = thumbs.get(conversation.pk, [])[:3]  # type: ignore[attr-defined]
    return render(
        request,
        "channels/inbox.html",
        {"conversations": conversations, "show": show, "platform": platform, "now": now},
    )


def _conversation_context(request: HttpRequest, conversation: Conversation, **bound: Any) -> dict[str, Any]:
    now = timezone.now()
    converter_forms = [
        (c, bound.get(f"convert_{c.kind}") or c.form(conversation))
        for c in converters.registered()
        if c.may_convert(request.user)
    ]
    conversions = [
        (conversion, converters.url_of(conversion.kind, conversion.number))
        for conversion in conversation.conversions.all()
    ]
    return {
        "conversation": conversation,
        "messages_list": list(
            conversation.messages.select_related("sent_by", "conversion", "whatsapp")
            .prefetch_related("media")
            .order_by("at", "pk")
        ),
        "now": now,
        "window_open": conversation.window_open(now),
        "minutes_left": conversation.window_minutes_left(now),
        "reply_form": bound.get("reply") or ReplyForm(),
        "template_form": bound.get("template") or TemplateReplyForm(),
        "assign_form": AssignForm(
            initial={"assignee": conversation.assignee_id}, people=access.staff_for(conversation)
        ),
        "converter_forms": converter_forms,
        "pending": len(services.pending_messages(conversation)),
        "conversions": conversions,
        "window_rule": services.window_rule(),
    }


@login_required
@require_GET
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = access.get_conversation(request.user, pk)
    services.mark_read(conversation)
    return render(request, "channels/conversation.html", _conversation_context(request, conversation))


def _again(request: HttpRequest, conversation: Conversation, **bound: Any) -> HttpResponse:
    return render(
        request, "channels/conversation.html", _conversation_context(request, conversation, **bound), status=422
    )


@login_required
@require_POST
def conversation_reply(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = access.get_conversation(request.user, pk)
    use_template = "template" in request.POST
    form: ReplyForm | TemplateReplyForm = TemplateReplyForm(request.POST) if use_template else ReplyForm(request.POST)
    key = "template" if use_template else "reply"
    if not form.is_valid():
        return _again(request, conversation, **{key: form})
    try:
        if isinstance(form, TemplateReplyForm):
            services.reply(
                conversation,
                request.user,
                template=form.cleaned_data["template"],
                params=form.param_list(),
                language=form.cleaned_data["language"],
            )
        else:
            services.reply(conversation, request.user, text=form.cleaned_data["text"])
    except services.WindowClosed as exc:
        form.add_error(None, str(exc))
        return _again(request, conversation, **{key: form})
    except services.ReplyRefused as exc:
        form.add_error(None, exc.message)
        return _again(request, conversation, **{key: form})
    messages.success(request, _("Balasan dikirim."))
    return redirect("inbox-conversation", pk=conversation.pk)


@login_required
@require_POST
def conversation_assign(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = access.get_conversation(request.user, pk)
    form = AssignForm(request.POST, people=access.staff_for(conversation))
    if not form.is_valid():
        messages.error(request, _("Pilih petugas dari daftar."))
        return redirect("inbox-conversation", pk=conversation.pk)
    services.assign(conversation, form.cleaned_data["assignee"])
    messages.success(request, _("Percakapan diserahkan."))
    return redirect("inbox-conversation", pk=conversation.pk)


@login_required
@require_POST
def conversation_done(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = access.get_conversation(request.user, pk)
    done = request.POST.get("done", "1") != "0"
    services.mark_done(conversation, done)
    messages.success(request, _("Percakapan ditandai selesai.") if done else _("Percakapan dibuka kembali."))
    if done:
        return redirect("inbox")
    return redirect("inbox-conversation", pk=conversation.pk)


@login_required
@require_POST
def conversation_convert(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    conversation = access.get_conversation(request.user, pk)
    converter = converters.get(kind)
    if converter is None:
        raise Http404
    if not converter.may_convert(request.user):
        raise PermissionDenied
    try:
        conversion, url = services.convert(conversation, kind, request.user, request.POST)
    except services.NothingToConvert as exc:
        messages.error(request, str(exc))
        return redirect("inbox-conversation", pk=conversation.pk)
    except converters.ConversionRefused as exc:
        form = converter.form(conversation, request.POST)
        form.is_valid()
        for name, error in exc.errors.items():
            if name not in form.errors:
                form.add_error(name if name in form.fields else None, error)
        return _again(request, conversation, **{f"convert_{kind}": form})
    messages.success(request, _("Tercatat sebagai %(number)s.") % {"number": conversion.number})
    return redirect(url or reverse("inbox-conversation", kwargs={"pk": conversation.pk}))


@login_required
@require_GET
def media_file(request: HttpRequest, pk: int, media_pk: int) -> FileResponse:
    conversation = access.get_conversation(request.user, pk)
    media = services.media_of(conversation, media_pk)
    if media is None:
        raise Http404
    return serve_private(
        media.file.name or "",
        content_type=media.content_type,
        filename=media.original_name or f"berkas-{media.pk}",
        as_attachment=not media.is_image,
    )


@login_required
@require_GET
def media_thumbnail(request: HttpRequest, pk: int, media_pk: int) -> FileResponse:
    conversation = access.get_conversation(request.user, pk)
    media = services.media_of(conversation, media_pk)
    if media is None or not media.thumbnail:
        raise Http404
    return serve_private(
        media.thumbnail.name or "",
        content_type="image/jpeg",
        filename=f"berkas-{media.pk}-kecil.jpg",
        as_attachment=False,
    )
