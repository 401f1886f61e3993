"""The one transition function: the only writer of a request's status.

`perform()` checks the actor's role and organisation and the current status against the table in
`rules.py`, locks the row, validates the action's data, writes the new status and the event row in
one transaction, updates the clock's columns, and queues notifications after commit.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from warta.accounts import roles
from warta.accounts.models import User
from warta.core import moves
from warta.core.moves import InvalidData, NotPermitted, TransitionError, UnknownAction, WrongStatus
from warta.core.office import office_zone
from warta.desk import notifications, posting, sla
from warta.desk.models import (
    PLATFORM_DOMAINS,
    Event,
    PlatformPost,
    PublicationRequest,
    RejectReason,
    Status,
    hash_tracking_code,
    new_tracking_code,
)
from warta.desk.requirements import missing_requirements
from warta.desk.rules import PREVIOUS, RULES, SAME, Rule
from warta.desk.timeline import acting_role, platform_label
from warta.notify import send
from warta.social import publishing
from warta.social.models import PostState
from warta.todos import services as todos

# The errors are the shared ones (warta.core.moves); callers catch them from here.
__all__ = [
    "InvalidData",
    "NotPermitted",
    "TransitionError",
    "UnknownAction",
    "WrongStatus",
    "actor_kinds",
    "available_actions",
    "check",
    "perform",
    "target_status",
]


# --- who is acting ---------------------------------------------------------------------------


def actor_kinds(user: User | None, req: PublicationRequest, *, contact: bool = False, system: bool = False) -> set[str]:
    """The names (see rules.py) under which this person, or the software, may act on this request."""
    kinds = moves.base_kinds(user, system=system, contact_kind="contact" if contact else "")
    if user is None or not user.is_authenticated:
        return kinds
    held = kinds & set(roles.ROLES)  # the person's roles, read once by base_kinds
    if held & roles.OFFICE_STAFF:
        kinds.add("staff")
    if roles.PEMOHON in held and req.organization_id in user.visible_organization_ids():
        kinds.add("applicant")
    if req.assignee_id and req.assignee_id == user.pk and roles.STAF_IKP in held:
        kinds.add("assignee")
    return kinds


def available_actions(user: User | None, req: PublicationRequest, *, contact: bool = False) -> list[Rule]:
    """The actions this person can take now (role and status both allow)."""
    return moves.available(MACHINE, req, user, contact=contact)


def _acting_label(user: User | None, rule: Rule, kinds: set[str]) -> str:
    """ "a.n. …" when the person holds the needed role only by delegation."""
    return roles.acting_label(user, rule.actors, kinds)


# --- the transition --------------------------------------------------------------------------


def perform(
    req: PublicationRequest,
    action: str,
    user: User | None,
    data: Mapping[str, Any] | None = None,
    *,
    contact: bool = False,
    system: bool = False,
    actor_label: str = "",
    now: dt.datetime | None = None,
    is_new: bool = False,
    notify: bool = True,
    on_behalf: str = "",
) -> Event:
    """Take `action` on `req` as `user` (or as the tracking-code holder when `contact`, or as the
    software itself when `system`, named by `actor_label`).

    The handler validates the data and does the action's side effects; the status written is the
    rule's target (`target_status`). `is_new` marks a request created in the same transaction
    (intake), recorded as "new → submitted". `notify=False` leaves the notices to the caller.
    """
    locked, event = moves.perform(
        MACHINE,
        req,
        action,
        user,
        data,
        contact=contact,
        system=system,
        actor_label=actor_label,
        now=now,
        is_new=is_new,
        notify=notify,
        on_behalf=on_behalf,
    )
    # Keep the caller's object in step with what was written.
    req.refresh_from_db()
    if hasattr(locked, "raw_tracking_code"):  # the plain code exists only in memory
        req.raw_tracking_code = locked.raw_tracking_code  # type: ignore[attr-defined]
    return event


def check(
    req: PublicationRequest,
    action: str,
    user: User | None,
    data: Mapping[str, Any] | None = None,
    *,
    contact: bool = False,
) -> None:
    """What `perform()` would refuse, without writing anything: the role, the status and, for
    `edit`, the correction itself (a form checks before it is sent, e.g. the admin's)."""
    moves.check(MACHINE, req, action, user, contact=contact)
    if action == "edit":
        edit_changes(req, dict(data or {}))


def target_status(rule: Rule, req: PublicationRequest) -> str:
    """The status `rule` moves `req` to: the table's target; PREVIOUS is the status the request had
    before it was sent back for completion, SAME its current status."""
    if rule.target == SAME:
        return req.status
    if rule.target == PREVIOUS:
        return req.status_before_completion or Status.SUBMITTED
    return rule.target


def _apply_standing_disposition(req: PublicationRequest, now: dt.datetime) -> None:
    """Pimpinan's standing order disposes a just-submitted request at once: a second move through
    `perform()`, taken by the software and labelled with the order."""
    from django.db.models import Q

    from warta.desk.models import StandingDisposition

    order = (
        StandingDisposition.objects.filter(is_active=True)
        .filter(Q(channel=req.channel, organization__isnull=True) | Q(organization=req.organization_id))
        .select_related("created_by", "organization")
        .first()
    )
    if order is None:
        return
    perform(
        req,
        "dispose",
        None,
        {"note": order.note, "standing_order": order.pk},
        system=True,
        actor_label=_("Disposisi tetap oleh %(name)s") % {"name": order.created_by.display_name},
        now=now,
        notify=False,  # the submit's notices go out after it, to the division that now holds it
    )


# --- one handler per action: validate the data, change the row, return (note, event data) -----


def _require(data: Mapping[str, Any], field: str, message: str) -> str:
    value = str(data.get(field) or "").strip()
    if not value:
        raise InvalidData(message, {field: message})
    return value


def _staff_assignee(data: Mapping[str, Any], field: str = "assignee") -> User:
    value = data.get(field)
    if isinstance(value, User):
        user = value
    else:
        name = str(value or "").strip()
        if not name:
            raise InvalidData(_("Pilih staf pelaksana."), {field: _("Pilih staf pelaksana.")})
        user = User.objects.filter(username=name, is_active=True).first()  # type: ignore[assignment]
    if user is None or roles.STAF_IKP not in roles.roles_of(user):
        msg = _("Pelaksana harus staf IKP yang aktif.")
        raise InvalidData(msg, {field: msg})
    return user


def _submit(req, user, data, now):
    problems = missing_requirements(req)
    if problems:
        raise InvalidData(_("Permohonan belum lengkap."), problems)
    code = new_tracking_code()
    req.tracking_code_hash = hash_tracking_code(code)
    req.raw_tracking_code = code  # shown once: in the receipt and on the confirmation
    sla.start(req)
    return str(data.get("note") or ""), {}


def _dispose(req, user, data, now):
    note = str(data.get("note") or "").strip()
    if user is None and data.get("standing_order"):  # the software, by a standing order
        return note, {"standing_order": data["standing_order"]}
    return note, {}


def _assign(req, user, data, now):
    assignee = _staff_assignee(data)
    instruction = _require(data, "instruction", _("Arahan untuk staf wajib diisi."))
    req.assignee = assignee
    return instruction, {"assignee": assignee.username, "assignee_name": assignee.display_name}


def _reassign(req, user, data, now):
    assignee = _staff_assignee(data)
    if assignee.pk == req.assignee_id:
        msg = _("Permohonan sudah ditugaskan kepada staf ini.")
        raise InvalidData(msg, {"assignee": msg})
    previous = req.assignee.username if req.assignee_id else ""
    req.assignee = assignee
    return str(data.get("note") or "").strip(), {
        "assignee": assignee.username,
        "assignee_name": assignee.display_name,
        "previous": previous,
    }


def _request_completion(req, user, data, now):
    missing = _require(data, "note", _("Tuliskan apa yang perlu dilengkapi."))
    sla.pause(req, now)
    return missing, {}


def _resubmit(req, user, data, now):
    sla.resume(req, now)
    return str(data.get("note") or "").strip(), {}


def _parse_moment(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        from django.utils.dateparse import parse_datetime

        try:
            moment = parse_datetime(str(value or "").strip())  # type: ignore[assignment]
        except ValueError:
            return None
        if moment is None:
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, office_zone())
    return moment


def _schedule(req, user, data, now):
    times = data.get("times") or {}
    if not isinstance(times, Mapping) or not times:
        msg = _("Isi waktu tayang untuk setiap platform tujuan.")
        raise InvalidData(msg, {"times": msg})
    errors: dict[str, str] = {}
    parsed: dict[str, dt.datetime] = {}
    for platform in req.platforms:
        moment = _parse_moment(times.get(platform))
        if moment is None:
            errors[f"times.{platform}"] = _("Isi waktu tayang yang sah.")
        elif moment < now - dt.timedelta(minutes=1):
            errors[f"times.{platform}"] = _("Waktu tayang tidak boleh di masa lalu.")
        else:
            parsed[platform] = moment
    for platform in times:
        if platform not in req.platforms:
            errors[f"times.{platform}"] = _("Platform ini bukan tujuan permohonan.")
    if errors:
        raise InvalidData(_("Jadwal belum benar."), errors)
    for platform, moment in parsed.items():
        PlatformPost.objects.update_or_create(request=req, platform=platform, defaults={"scheduled_for": moment})
    # Warta posts by itself at those times where an account is connected (re-checked when the task runs).
    connected = publishing.connected_platforms()
    auto = [p for p in parsed if p in connected]
    queued = publishing.queue(req.number, auto, posting.content_of(req), user, run_after=parsed) if auto else []
    # The reminder to post and record the link is for the platforms posted by hand only.
    req.remind_at = posting.by_hand_reminder(req)
    req.reminded_at = None
    sla.scheduled(req, now)
    event_data: dict[str, Any] = {"times": {p: m.isoformat() for p, m in parsed.items()}}
    if queued:
        event_data["by_warta"] = [post.platform for post in queued]
    return str(data.get("note") or "").strip(), event_data


def _unschedule(req, user, data, now):
    publishing.withdraw(req.number)
    PlatformPost.objects.filter(request=req).update(scheduled_for=None)
    req.remind_at = None
    sla.unscheduled(req)
    return str(data.get("note") or "").strip(), {}


def link_matches_platform(url: str, platform: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or not host:
        return False
    return any(host == d or host.endswith("." + d) for d in PLATFORM_DOMAINS.get(platform, ()))


def _publish(req, user, data, now):
    """Record the links (or why not) of the platforms not yet settled; those Warta published (or a
    person confirmed) are taken as they are. The software calls it with no data once every
    platform is settled."""
    links = data.get("links") or {}
    not_published = data.get("not_published") or {}
    if not isinstance(links, Mapping) or not isinstance(not_published, Mapping):
        msg = _("Format tautan tidak sah.")
        raise InvalidData(msg, {"links": msg})
    views = {v.platform: v for v in posting.posts_of(req)}
    done = {p: v for p, v in views.items() if v.state in posting.SETTLED_STATES and p in _warta_settled(req)}
    errors: dict[str, str] = {}
    for platform in req.platforms:
        url = str(links.get(platform) or "").strip()
        reason = str(not_published.get(platform) or "").strip()
        if platform in done:
            if url or reason:
                errors[f"links.{platform}"] = _("Unggahan di platform ini sudah tercatat.")
        elif url and not link_matches_platform(url, platform):
            domains = ", ".join(PLATFORM_DOMAINS[platform])
            errors[f"links.{platform}"] = _("Tautan harus berada di %(domains)s.") % {"domains": domains}
        elif not url and not reason:
            errors[f"links.{platform}"] = _("Isi tautan unggahan, atau alasan bila tidak dipublikasikan.")
    for platform in list(links) + list(not_published):
        if platform not in req.platforms:
            errors[f"links.{platform}"] = _("Platform ini bukan tujuan permohonan.")
    published_by_warta = [p for p, v in done.items() if v.state == PostState.PUBLISHED]
    if not errors and not published_by_warta and not any(str(links.get(p) or "").strip() for p in req.platforms):
        errors["links"] = _("Sedikitnya satu tautan unggahan diperlukan.")
    if errors:
        raise InvalidData(_("Tautan publikasi belum benar."), errors)
    recorded: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for platform in req.platforms:
        if platform in done:
            url, reason = done[platform].url, done[platform].not_published_reason
        else:
            url = str(links.get(platform) or "").strip()
            reason = "" if url else str(not_published.get(platform) or "").strip()
            publishing.record_manual(req.number, platform, url=url, reason=reason)
            todos.settle(posting.confirm_key(req, platform), by=user)
        PlatformPost.objects.update_or_create(
            request=req,
            platform=platform,
            defaults={"url": url, "published_at": now if url else None, "not_published_reason": "" if url else reason},
        )
        recorded[platform] = url or ""
        if not url:
            reasons[platform] = reason
    req.published_at = now
    req.remind_at = None
    sla.close(req, now, outcome="by_due")
    event_data: dict[str, Any] = {"links": {p: u for p, u in recorded.items() if u}, "not_published": reasons}
    if published_by_warta:
        event_data["by_warta"] = published_by_warta
    return str(data.get("note") or "").strip(), event_data


def _warta_settled(req: PublicationRequest) -> set[str]:
    """The platforms whose post Warta holds as settled (published by it, confirmed by a person)."""
    return {
        p
        for p, post in publishing.posts_of(req.number).items()
        if post.state in posting.SETTLED_STATES and p in req.platforms
    }


def _platform_list(data: Mapping[str, Any], req: PublicationRequest, *, required: bool) -> list[str]:
    value = data.get("platforms") or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(p, str) for p in value):
        msg = _("Pilih platform tujuan.")
        raise InvalidData(msg, {"platforms": msg})
    if required and not value:
        msg = _("Pilih sedikitnya satu platform.")
        raise InvalidData(msg, {"platforms": msg})
    unknown = {f"platforms.{p}": _("Platform ini bukan tujuan permohonan.") for p in value if p not in req.platforms}
    if unknown:
        raise InvalidData(_("Platform belum benar."), unknown)
    return list(dict.fromkeys(value))


def _post(req, user, data, now):
    """Warta posts to the chosen platforms (or every target platform with a connected account not
    yet settled); a failed one is tried again. The status does not change: the request becomes
    published when every platform has settled (`posting.settled`)."""
    chosen = _platform_list(data, req, required=False)
    views = {v.platform: v for v in posting.posts_of(req)}
    if not chosen:
        chosen = [p for p in req.platforms if views[p].connected and views[p].state not in posting.SETTLED_STATES]
        if not chosen:
            msg = _(
                "Tidak ada platform tujuan yang dapat ditayangkan melalui Warta: akunnya belum terhubung atau "
                "unggahannya sudah tercatat. Catat tautannya dengan “Catat publikasi”."
            )
            raise InvalidData(msg, {"platforms": msg})
    errors: dict[str, str] = {}
    for platform in chosen:
        view = views[platform]
        if not view.connected:
            errors[f"platforms.{platform}"] = _(
                "Akun %(platform)s belum terhubung ke Warta; unggah sendiri lalu catat tautannya."
            ) % {"platform": view.label}
        elif view.state in posting.SETTLED_STATES:
            errors[f"platforms.{platform}"] = _("Unggahan di %(platform)s sudah tercatat (%(state)s).") % {
                "platform": view.label,
                "state": view.state_label,
            }
        elif view.state == PostState.UNCONFIRMED:
            errors[f"platforms.{platform}"] = _(
                "Unggahan di %(platform)s belum pasti: pastikan dulu dengan tautannya, atau izinkan mencoba lagi."
            ) % {"platform": view.label}
    if errors:
        raise InvalidData(_("Platform belum dapat ditayangkan."), errors)
    publishing.withdraw(req.number, chosen)  # a scheduled post goes now instead
    queued = publishing.queue(req.number, chosen, posting.content_of(req), user)
    if not queued:
        msg = _("Akun platform ini belum terhubung atau perlu dihubungkan ulang.")
        raise InvalidData(msg, {"platforms": msg})
    for post in queued:
        send.resolve(notifications.post_topic(req, post.platform), now=now)
    if req.status == Status.SCHEDULED:  # a platform scheduled by hand that Warta now posts: no reminder
        req.remind_at = posting.by_hand_reminder(req)
    return str(data.get("note") or "").strip(), {"platforms": [post.platform for post in queued]}


def _confirm_post(req, user, data, now):
    """A person settles an unconfirmed post: published at `url`, or released for one more attempt."""
    platform = str(data.get("platform") or "").strip()
    url = str(data.get("url") or "").strip()
    release = bool(data.get("release"))
    post = publishing.posts_of(req.number).get(platform) if platform in req.platforms else None
    if post is None or post.state != PostState.UNCONFIRMED:
        msg = _("Tidak ada unggahan yang belum pasti di platform ini.")
        raise InvalidData(msg, {"platform": msg})
    if release == bool(url):
        msg = _("Isi tautan unggahannya, atau izinkan mencoba sekali lagi (tidak keduanya).")
        raise InvalidData(msg, {"url": msg})
    if url and not link_matches_platform(url, platform):
        msg = _("Tautan harus berada di %(domains)s.") % {"domains": ", ".join(PLATFORM_DOMAINS[platform])}
        raise InvalidData(msg, {"url": msg})
    if release:
        publishing.release(req.number, platform)
    else:
        publishing.confirm(req.number, platform, url)
    todos.settle(posting.confirm_key(req, platform), by=user)
    event_data: dict[str, Any] = {"platform": platform, "released": release}
    if url:
        event_data["links"] = {platform: url}
    return str(data.get("note") or "").strip(), event_data


def _take_down(req, user, data, now):
    """Withdraw published posts: Facebook and X through their API; Instagram (which has no delete)
    and a post Warta did not make become a to-do for a person. Each outcome is kept on the event."""
    from warta.social.clients.base import PlatformError

    chosen = _platform_list(data, req, required=True)
    note = _require(data, "note", _("Tuliskan alasan penarikan."))
    views = {v.platform: v for v in posting.posts_of(req)}
    errors = {
        f"platforms.{p}": _("Tidak ada unggahan terbit di %(platform)s untuk ditarik.") % {"platform": views[p].label}
        for p in chosen
        if views[p].state != PostState.PUBLISHED or views[p].taken_down_at
    }
    if errors:
        raise InvalidData(_("Platform belum benar."), errors)
    warta = publishing.posts_of(req.number)
    taken: list[str] = []
    by_hand: dict[str, str] = {}
    for platform in chosen:
        post = warta.get(platform)
        try:
            if post is not None and post.url == views[platform].url and publishing.take_down(post):
                taken.append(platform)
                continue
            by_hand[platform] = ""
        except PlatformError as exc:
            by_hand[platform] = str(exc)
        posting.add_take_down_todo(req, platform, views[platform].url, note, user)
    return note, {"platforms": chosen, "taken_down": taken, "by_hand": by_hand}


def _reject(req, user, data, now):
    _withdraw_queued(req)
    reason = str(data.get("reason") or "").strip()
    if reason not in RejectReason.values:
        msg = _("Pilih alasan penolakan.")
        raise InvalidData(msg, {"reason": msg})
    note = _require(data, "note", _("Tuliskan catatan penolakan untuk pemohon."))
    req.reject_reason = reason
    req.remind_at = None
    sla.close(req, now, outcome="by_due")
    return note, {"reason": reason, "reason_label": str(RejectReason(reason).label)}


def _cancel(req, user, data, now):
    _withdraw_queued(req)
    req.remind_at = None
    sla.close(req, now, outcome="void")
    return str(data.get("note") or "").strip(), {}


def _withdraw_queued(req: PublicationRequest) -> None:
    """Withdraw what Warta has not started; a post under way makes the move wait."""
    publishing.withdraw(req.number)
    _refuse_while_busy(req)


def _refuse_while_busy(req: PublicationRequest) -> None:
    working = posting.busy(req)
    if working:
        names = ", ".join(platform_label(p) for p in working)
        raise WrongStatus(
            _("Warta sedang menayangkan unggahan di %(platforms)s; tunggu sampai selesai.") % {"platforms": names}
        )


# What `edit` may correct: the content, the contact, the letter and the service; after publication
# only the service and the post links ("post_links": {platform: url}).
CONTENT_FIELDS = ("title", "caption", "captions", "platforms", "publish_at", "collaborator", "links")
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")
LETTER_FIELDS = (
    "letter_number",
    "letter_date",
    "letter_signatory",
    "letter_signed",
    "letter_stamped",
    "agenda_number",
)
EDITABLE_FIELDS = (*CONTENT_FIELDS, *CONTACT_FIELDS, *LETTER_FIELDS, "service")
POST_LINKS = "post_links"
EDITABLE_AFTER_PUBLICATION = ("service", POST_LINKS)


def _current_post_links(req: PublicationRequest) -> dict[str, str]:
    return dict(PlatformPost.objects.filter(request=req).values_list("platform", "url"))


def _same(field: str, old: Any, new: Any) -> bool:
    """Whether a correction leaves `field` as it was, as a person would see it (the forms show the
    publication time to the minute, the platforms in their own order and no empty captions)."""
    if field == "service":
        return (old.pk if old else None) == (new.pk if new else None)
    if field == "publish_at" and isinstance(old, dt.datetime) and isinstance(new, dt.datetime):
        return old.replace(second=0, microsecond=0) == new.replace(second=0, microsecond=0)
    if field == "platforms" and isinstance(old, list) and isinstance(new, list | tuple):
        return sorted(map(str, old)) == sorted(map(str, new))
    if field == "captions" and isinstance(old, dict) and isinstance(new, dict):
        return {k: v for k, v in old.items() if v} == {k: v for k, v in new.items() if v}
    return bool(old == new)


def edit_changes(req: PublicationRequest, data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The changes `data` makes to `req`, {field: {"from": old, "to": new}} (JSON values), checked:
    raises InvalidData when nothing changes or a change is not allowed. Does not change `req`."""
    changes: dict[str, dict[str, Any]] = {}
    published = req.status == Status.PUBLISHED
    errors: dict[str, str] = {}
    candidate = copy.copy(req)
    for field in EDITABLE_FIELDS:
        if field not in data:
            continue
        old, new = getattr(req, field), data[field]
        if _same(field, old, new):
            continue
        if published and field not in EDITABLE_AFTER_PUBLICATION:
            errors[field] = _("Setelah dipublikasikan hanya tautan unggahan dan layanan yang dapat dikoreksi.")
            continue
        try:  # the model's own validators (lengths, http(s)-only links) hold for every surface
            PublicationRequest._meta.get_field(field).run_validators(new)  # type: ignore[union-attr]
        except ValidationError as exc:
            errors[field] = " ".join(exc.messages)
            continue
        changes[field] = {"from": _jsonable(old), "to": _jsonable(new)}
        setattr(candidate, field, new)
    if data.get(POST_LINKS):
        links = data[POST_LINKS]
        current = _current_post_links(req)
        if not published:
            errors[POST_LINKS] = _("Tautan unggahan dicatat dengan tindakan publikasi.")
        elif not isinstance(links, Mapping):
            errors[POST_LINKS] = _("Format tautan tidak sah.")
        else:
            before: dict[str, str] = {}
            after: dict[str, str] = {}
            for platform, value in links.items():
                url = str(value or "").strip()
                if platform not in req.platforms:
                    errors[f"links.{platform}"] = _("Platform ini bukan tujuan permohonan.")
                elif url and not link_matches_platform(url, platform):
                    domains = ", ".join(PLATFORM_DOMAINS[platform])
                    errors[f"links.{platform}"] = _("Tautan harus berada di %(domains)s.") % {"domains": domains}
                elif url != current.get(platform, ""):
                    before[platform], after[platform] = current.get(platform, ""), url
            if after and not errors:
                remaining = {**current, **after}
                if not any(remaining.get(p) for p in req.platforms):
                    errors[POST_LINKS] = _("Sedikitnya satu tautan unggahan diperlukan.")
                else:
                    changes[POST_LINKS] = {"from": before, "to": after}
    if errors:
        raise InvalidData(_("Koreksi belum benar."), errors)
    if not changes:
        msg = _("Tidak ada perubahan.")
        raise InvalidData(msg, {"__all__": msg})
    if req.status not in (Status.DRAFT, Status.PUBLISHED):
        problems = {k: v for k, v in missing_requirements(candidate).items() if k in EDITABLE_FIELDS or "." in k}
        if problems:
            raise InvalidData(_("Perubahan membuat permohonan tidak lengkap."), problems)
    return changes


def _edit(req, user, data, now):
    changes = edit_changes(req, data)
    for field in changes:
        if field in EDITABLE_FIELDS:
            setattr(req, field, data[field])
    for platform, url in (changes.get(POST_LINKS) or {}).get("to", {}).items():
        post, _created = PlatformPost.objects.get_or_create(request=req, platform=platform)
        post.url = url
        post.published_at = (post.published_at or now) if url else None
        post.not_published_reason = "" if url else post.not_published_reason
        post.save()
    return str(data.get("note") or "").strip(), {"changes": changes}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "_meta"):  # a model instance (the service)
        return getattr(value, "slug", None) or str(value.pk)
    return value


# Moves that withdraw what is still queued themselves (and then wait for what is under way).
WITHDRAWING = frozenset({"reject", "cancel"})


def _waiting_for_posts(handler: Any) -> Any:
    """While Warta is posting (queued or publishing), every other move answers 409 until it settles."""

    def guarded(req, user, data, now):
        _refuse_while_busy(req)
        return handler(req, user, data, now)

    return guarded


_HANDLERS = {
    "submit": _submit,
    "dispose": _dispose,
    "assign": _assign,
    "reassign": _reassign,
    "request_completion": _request_completion,
    "resubmit": _resubmit,
    "schedule": _schedule,
    "unschedule": _unschedule,
    "publish": _publish,
    "post": _post,
    "confirm_post": _confirm_post,
    "take_down": _take_down,
    "reject": _reject,
    "cancel": _cancel,
    "edit": _edit,
}
_HANDLERS = {a: h if a in WITHDRAWING else _waiting_for_posts(h) for a, h in _HANDLERS.items()}


def _before_save(req: PublicationRequest, rule: Rule, current: str, target: str) -> None:
    """Remember where a request sent back for completion returns to (the PREVIOUS target)."""
    if target == Status.NEEDS_COMPLETION and current != Status.NEEDS_COMPLETION:
        req.status_before_completion = current
    elif rule.target == PREVIOUS:
        req.status_before_completion = ""


def _after_event(req: PublicationRequest, event: Event, now: dt.datetime) -> None:
    if event.action == "submit":
        _apply_standing_disposition(req, now)


MACHINE = moves.Machine(
    model=PublicationRequest,
    event_model=Event,
    event_field="request",
    rules=RULES,
    handlers=_HANDLERS,
    actor_kinds=actor_kinds,
    status_label=lambda status: str(Status(status).label),
    wrong_status_message=gettext_lazy("Status permohonan (%(status)s) tidak memungkinkan tindakan ini."),
    contact_label=gettext_lazy("Pemohon (kode lacak)"),
    related=("service",),
    target=lambda rule, req: target_status(rule, req),
    before_save=_before_save,
    on_behalf=_acting_label,
    role=lambda user, rule, kinds: acting_role(user, rule.actors, kinds),
    after_event=_after_event,
    # After a standing disposition the division holds the request: it, not pimpinan, is told.
    notify=notifications.after_event,
    step_fields=sla.step_fields,
)
