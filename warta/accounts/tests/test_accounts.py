import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from warta.accounts import roles
from warta.accounts.csv_import import import_organizations
from warta.accounts.models import ApiToken, Delegation, Organization, User

pytestmark = pytest.mark.django_db


def test_login_with_the_real_form(client, pemohon, office):
    step = {"sign_in_view-current_step": "auth"}
    bad = client.post("/masuk/", {**step, "auth-username": "op_dinkes", "auth-password": "salah"})
    assert bad.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in bad.content.decode()
    response = client.post("/masuk/", {**step, "auth-username": "op_dinkes", "auth-password": "sandi-rahasia-123"})
    assert response.status_code == 302
    assert response.url == "/beranda/"


def test_password_reset_mail_goes_through_the_worker(client, pemohon, office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/akun/lupa-sandi/", {"email": pemohon.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [pemohon.email]
    link = re.search(r"http://\S+/akun/atur-sandi/\S+/", message.body).group(0)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert "Buat kata sandi" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Purbalingga-2026!", "new_password2": "Purbalingga-2026!"}
    )
    assert done.status_code == 302
    pemohon.refresh_from_db()
    assert pemohon.check_password("Purbalingga-2026!")


def test_admin_invites_an_operator_by_email(login, admin_user, org, office, django_capture_on_commit_callbacks):
    client = login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/akun/undang/",
            {"email": "humas@dinkes.example.go.id", "first_name": "Sari", "organization": org.pk, "roles": ["pemohon"]},
        )
    assert response.status_code == 302
    user = User.objects.get(email="humas@dinkes.example.go.id")
    assert user.organization == org
    assert roles.roles_of(user) == {"pemohon"}
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    assert "Undangan" in mail.outbox[0].subject
    assert "/akun/atur-sandi/" in mail.outbox[0].body


def test_invitation_requires_organisation_for_operators(login, admin_user, office):
    response = login(admin_user).post(
        "/akun/undang/", {"email": "x@example.go.id", "first_name": "X", "roles": ["pemohon"]}
    )
    assert response.status_code == 200
    assert "Operator OPD harus terikat pada organisasinya." in response.content.decode()
    assert not User.objects.filter(email="x@example.go.id").exists()


def test_only_admins_invite(login, pemohon, office):
    assert login(pemohon).get("/akun/undang/").status_code == 403


def test_delegation_gives_the_role_for_its_period(make_user, pimpinan, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 16, 9, 0, tzinfo=dt.UTC))
    sekretaris = make_user("sekdin")
    Delegation.objects.create(
        delegate=sekretaris,
        role=roles.PIMPINAN,
        on_behalf_of=pimpinan,
        kind="plh",
        starts_on=dt.date(2026, 3, 16),
        ends_on=dt.date(2026, 3, 20),
    )
    assert roles.has_role(sekretaris, roles.PIMPINAN)
    delegation = roles.acting_for(sekretaris, roles.PIMPINAN)
    assert delegation is not None and delegation.label.startswith("a.n. Kepala Dinas")
    assert sekretaris in roles.users_with_role(roles.PIMPINAN)
    time_machine.move_to(dt.datetime(2026, 3, 23, 9, 0, tzinfo=dt.UTC))
    assert not roles.has_role(sekretaris, roles.PIMPINAN)


def test_operator_of_parent_sees_its_upts_but_not_the_reverse(pemohon, pemohon_upt, upt, org):
    assert set(pemohon.visible_organization_ids()) == {org.pk, upt.pk}
    assert pemohon_upt.visible_organization_ids() == [upt.pk]


def test_api_tokens_are_stored_hashed_and_can_be_revoked(pemohon):
    token, raw = ApiToken.issue(pemohon, "sistem lain")
    assert raw not in token.key_hash and len(token.key_hash) == 64
    assert ApiToken.authenticate(raw) == pemohon
    token.revoke()
    assert ApiToken.authenticate(raw) is None


def test_issue_token_command(pemohon, capsys):
    call_command("issue_token", "op_dinkes")
    raw = capsys.readouterr().out.strip()
    assert ApiToken.authenticate(raw) == pemohon
    with pytest.raises(CommandError):
        call_command("issue_token", "nobody")


def test_csv_import_creates_parents_and_children():
    result = import_organizations(
        "code,name,kind,parent_code\ndinkes,Dinas Kesehatan,dinas,\npkm-kutasari,Puskesmas Kutasari,upt,dinkes\n"
    )
    assert result.errors == [] and result.created == 2
    assert Organization.objects.get(code="pkm-kutasari").parent.code == "dinkes"
    again = import_organizations("code,name,kind,parent_code\ndinkes,Dinas Kesehatan Kab. Purbalingga,dinas,\n")
    assert again.updated == 1
    assert Organization.objects.get(code="dinkes").name == "Dinas Kesehatan Kab. Purbalingga"


def test_csv_import_with_a_bad_row_writes_nothing():
    result = import_organizations("code,name,kind,parent_code\nbapperida,Bapperida,badan,\nx,Y,galaxy,\n")
    assert result.errors == ["line 3: unknown kind 'galaxy'"]
    assert not Organization.objects.exists()
    unknown_parent = import_organizations("code,name,kind,parent_code\npkm,Puskesmas,upt,nowhere\n")
    assert unknown_parent.errors == ["line 2: unknown parent_code 'nowhere'"]
    assert not Organization.objects.exists()
