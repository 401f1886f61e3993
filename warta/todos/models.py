"""Things a person must do outside Warta ("Tugas"): confirm a post Warta could not be sure of, take
down an Instagram post by hand, send a prepared wa.me message. Parts add them through
`warta.todos.services`; the list at /tugas/ shows each person theirs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from warta.core.validators import is_http_url


class Todo(models.Model):
    class Kind(models.TextChoices):
        CONFIRM_POST = "confirm_post", _("Pastikan unggahan")
        TAKE_DOWN = "take_down", _("Tarik unggahan secara manual")
        SEND_WHATSAPP = "send_whatsapp", _("Kirim pesan WhatsApp")
        OTHER = "other", _("Lainnya")

    # One to-do per thing to do: a part adds with a key it can find again (e.g. "post:12:confirm"),
    # so adding twice keeps one row and the part can mark it done when the thing is settled.
    key = models.CharField(_("kunci"), max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("judul"), max_length=200)
    detail = models.TextField(_("rincian"), blank=True)
    # Where to do it: a page in Warta, or an outside link (wa.me/…, the post on the platform).
    url = models.CharField(_("tautan"), max_length=1000, blank=True)
    # The page in Warta the to-do is about (the request, the complaint), when `url` leads elsewhere.
    page = models.CharField(_("halaman terkait"), max_length=300, blank=True)
    # For one person, or for anyone holding a role (when nobody in particular is responsible).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("untuk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="todos",
    )
    role = models.CharField(_("peran"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    done_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diselesaikan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["done_at", "-created_at"]
        indexes = [models.Index(fields=["done_at", "assignee"]), models.Index(fields=["done_at", "role"])]
        verbose_name = _("tugas")
        verbose_name_plural = _("tugas")

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def href(self) -> str:
        """`url` when it may be rendered as a link: a path in Warta or an outside http(s) URL."""
        return safe_href(self.url)

    @property
    def opens_elsewhere(self) -> bool:
        """An outside link (wa.me/…, the post on the platform) opens in a new tab."""
        return is_http_url(self.url)

    @property
    def page_href(self) -> str:
        return safe_href(self.page)

    @property
    def who(self) -> str:
        """Whose list it is on: the person, or the role when nobody in particular is responsible."""
        if self.assignee is not None:
            return self.assignee.display_name
        if self.role:
            from warta.accounts.roles import ROLE_LABELS

            return str(ROLE_LABELS.get(self.role, self.role))
        return str(_("Administrator sistem"))


def safe_href(value: str) -> str:
    """A path inside the site ("/permohonan/…", never "//host") or an absolute http(s) URL; else ""."""
    value = (value or "").strip()
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return value if is_http_url(value) else ""
