from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.accounts.models import Organization, User


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    phone = forms.CharField(label=_("Nomor WhatsApp"), max_length=30, required=False)
    organization = forms.ModelChoiceField(
        label=_("Organisasi"), queryset=Organization.objects.filter(is_active=True), required=False
    )
    roles = forms.MultipleChoiceField(
        label=_("Peran"), choices=roles.ROLE_CHOICES, widget=forms.CheckboxSelectMultiple, initial=[roles.PEMOHON]
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Sudah ada pengguna dengan e-mail ini."))
        return email

    def clean(self):
        data = super().clean()
        if roles.PEMOHON in data.get("roles", []) and not data.get("organization"):
            self.add_error("organization", _("Operator OPD harus terikat pada organisasinya."))
        return data


class QueuedPasswordResetForm(PasswordResetForm):
    """Password reset whose e-mail goes through the task worker, not the web request."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        from django.template import loader

        from warta.notify.send import Message, send_message

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_message(Message(subject=subject, body=body, to_emails=[to_email]))


class LoginForm(AuthenticationForm):
    """The login form, with the wrong-credentials message written once in Indonesian (Django's
    Indonesian catalogue puts the field's name into a sentence that already names it)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."),
    }
