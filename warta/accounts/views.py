from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from warta.accounts.forms import InviteForm
from warta.accounts.invitations import invite
from warta.accounts.nav import may_invite


def invite_user(request: HttpRequest) -> HttpResponse:
    """The admin invites an operator (or a staff member) by e-mail."""
    if not request.user.is_authenticated:
        return redirect(f"/masuk/?next={request.path}")
    if not may_invite(request.user):
        raise PermissionDenied
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = invite(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            roles=data["roles"],
            organization=data["organization"],
            phone=data["phone"],
            invited_by=request.user,
        )
        messages.success(request, _("Undangan dikirim ke %(email)s.") % {"email": user.email})
        return redirect("invite")
    return render(request, "accounts/invite.html", {"form": form})
