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


class AppealForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds of the appeal"), widget=forms.Textarea(attrs={"rows": 4})
    )


class AppealDecisionForm(forms.Form):
    revise = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("0", _("Uphold the rating")), ("1", _("Recompute the rating"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Reasons"), max_length=500)


class MethodologyForm(forms.Form):
    """A methodology version: one weight and one value without data per known factor, the
    lowest score of each class, the half-life. Field names map to the service's fields
    (``w_<key>`` ↔ ``weights.<key>``, ``m_<key>`` ↔ ``weights.<key>.missing``,
    ``t_<class>`` ↔ ``thresholds.<class>``)."""

    code = forms.CharField(label=_("Version"), max_length=20)
    half_life_days = forms.IntegerField(label=_("Penalty half-life (days)"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, labels: dict[str, Any], classes: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.factor_keys = list(labels)
        self.class_names = list(classes)
        for key, label in labels.items():
            self.fields[f"w_{key}"] = forms.DecimalField(
                label=label, min_value=0, max_value=1, decimal_places=4, required=False
            )
            self.fields[f"m_{key}"] = forms.DecimalField(
                label=_("Without data counts as"),
                min_value=0,
                max_value=1,
                decimal_places=4,
                required=False,
            )
        for c in self.class_names:
            self.fields[f"t_{c}"] = forms.DecimalField(
                label=c, min_value=0, max_value=100, decimal_places=2, required=False
            )

    @staticmethod
    def initial_for(m: Any) -> dict[str, Any]:
        """Initial values from a version (for a new draft: the version in force)."""
        data: dict[str, Any] = {"half_life_days": m.half_life_days, "note": m.note}
        for key, spec in m.weights.items():
            data[f"w_{key}"] = spec["weight"]
            data[f"m_{key}"] = spec.get("missing", 0)
        for c, t in m.thresholds:
            data[f"t_{c}"] = t
        return data

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        weights = {
            k: {"weight": d[f"w_{k}"], "missing": d.get(f"m_{k}") or 0}
            for k in self.factor_keys
            if d.get(f"w_{k}") not in (None, "")
        }
        return {
            "code": d["code"],
            "weights": weights,
            "thresholds": [[c, d.get(f"t_{c}")] for c in self.class_names],
            "half_life_days": d["half_life_days"],
            "note": d.get("note", ""),
        }

    @staticmethod
    def form_field(service_field: str | None) -> str | None:
        """The form field a service refusal names."""
        if not service_field:
            return None
        parts = service_field.split(".")
        if parts[0] == "weights" and len(parts) == 2:
            return f"w_{parts[1]}"
        if parts[0] == "weights" and len(parts) == 3:
            return f"m_{parts[1]}"
        if parts[0] == "thresholds" and len(parts) == 2:
            return f"t_{parts[1]}"
        return service_field
