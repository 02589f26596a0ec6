"""Forms of the credit pages (the services validate; these only parse)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitas.credit.choices import ListKind, PenaltyType, RecordKind

_DATE = forms.DateInput(attrs={"type": "date"})


class RecordForm(forms.Form):
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=18)
    kind = forms.ChoiceField(label=_("Kind"), choices=RecordKind.choices)
    decision_no = forms.CharField(label=_("Decision number"), max_length=80)
    region = forms.CharField(
        label=_("Deciding authority's region"),
        max_length=6,
        help_text=_("GB/T 2260 code, e.g. 330100"),
    )
    authority_zh = forms.CharField(label=_("Deciding authority (Chinese)"), max_length=150)
    authority_en = forms.CharField(
        label=_("Deciding authority (English)"), max_length=200, required=False
    )
    legal_basis = forms.CharField(label=_("Legal basis"), widget=forms.Textarea(attrs={"rows": 2}))
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 3}))
    penalty_type = forms.ChoiceField(label=_("Penalty type"), choices=PenaltyType.choices)
    amount = forms.CharField(label=_("Amount (yuan)"), required=False)
    major = forms.BooleanField(label=_("Heavier penalty"), required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=_DATE)
    publicity_from = forms.DateField(
        label=_("Publicity from"),
        widget=_DATE,
        required=False,
        help_text=_("empty: the day of the decision"),
    )
    publicity_until = forms.DateField(
        label=_("Publicity until"),
        widget=_DATE,
        required=False,
        help_text=_("empty: the term of the penalty type"),
    )

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class CorrectionForm(forms.Form):
    revision_note = forms.CharField(label=_("Revision note"), max_length=300)
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.CharField(label=_("Amount (yuan)"), required=False)
    publicity_until = forms.DateField(label=_("Publicity until"), widget=_DATE)


class ListingForm(forms.Form):
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=18)
    kind = forms.ChoiceField(label=_("List"), choices=ListKind.choices)
    record = forms.IntegerField(label=_("Penalty behind the entry (record number)"), required=False)
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 2}))
    region = forms.CharField(label=_("Listing authority's region"), max_length=6)
    authority_zh = forms.CharField(label=_("Listing authority (Chinese)"), max_length=150)
    authority_en = forms.CharField(
        label=_("Listing authority (English)"), max_length=200, required=False
    )
    entered_on = forms.DateField(label=_("Entered on"), widget=_DATE)
    term_until = forms.DateField(
        label=_("Term until"), widget=_DATE, required=False, help_text=_("empty: the list's term")
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["record_pk"] = data.pop("record")
        return data


class RepairForm(forms.Form):
    evidence = forms.CharField(
        label=_("Evidence of rectification"), widget=forms.Textarea(attrs={"rows": 4})
    )
    commitment = forms.BooleanField(label=_("We sign the credit commitment letter"), required=False)


class DecisionForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", pgettext_lazy("credit decision", "Grant")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Reasons"), max_length=500)
