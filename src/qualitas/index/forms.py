"""Forms of the index pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitas.index.models import WarningRule


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class WarningRuleForm(forms.ModelForm[WarningRule]):
    class Meta:
        model = WarningRule
        fields = [
            "name",
            "kind",
            "indicator",
            "amount",
            "threshold",
            "below",
            "k",
            "window",
            "region_prefix",
            "industry",
            "active",
        ]
