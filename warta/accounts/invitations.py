"""The admin invites an OPD operator (or a staff member) by e-mail to set their password."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from warta.accounts.models import Organization, User
from warta.core.office import get_office
from warta.notify import send


def set_password_url(user: User) -> str:
    from django.conf import settings

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def send_invitation(user: User, invited_by: User | None = None) -> None:
    office = get_office()
    send.email(
        user.email,
        _("Undangan menggunakan layanan publikasi %(office)s") % {"office": office.short_name},
        "accounts/email/invitation",
        {"user": user, "url": set_password_url(user), "office": office, "invited_by": invited_by},
    )


@transaction.atomic
def invite(
    *,
    email: str,
    first_name: str,
    last_name: str = "",
    roles: list[str],
    organization: Organization | None = None,
    phone: str = "",
    invited_by: User | None = None,
) -> User:
    username = email.split("@")[0].lower()[:100]
    base, n = username, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}{n}"
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organization=organization,
        phone=phone,
    )
    user.set_unusable_password()
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    send_invitation(user, invited_by)
    return user
