from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from warta.accounts.models import User


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Balasan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4096)


class TemplateReplyForm(forms.Form):
    template = forms.CharField(label=_("Nama templat"), max_length=512)
    language = forms.CharField(label=_("Bahasa templat"), max_length=15, initial="id")
    params = forms.CharField(
        label=_("Isian templat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu isian per baris, berurutan: {{1}}, {{2}}, …"),
    )

    def param_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("params", "").splitlines() if line.strip()]


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class AssignForm(forms.Form):
    assignee = PersonChoiceField(
        label=_("Tangani oleh"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("(belum ada)"),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people
