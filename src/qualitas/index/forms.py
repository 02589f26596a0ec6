"""Forms of the index pages."""

from __future__ import annotations

from typing import Any

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


class VersionNewForm(forms.Form):
    code = forms.CharField(label=_("Code of the new version"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)


class VersionForm(forms.Form):
    """A draft's editable fields; one weight and one normalisation per registry indicator (an
    empty weight leaves the indicator out)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    base_period = forms.CharField(
        label=_("Base period"), max_length=6, help_text=_("2024 or 2024Q1; the nation scores 100")
    )
    min_group_size = forms.IntegerField(label=_("Minimum group size"), min_value=1)
    replicates = forms.IntegerField(label=_("Bootstrap replicates"), min_value=0, max_value=10000)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, indicators: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator_rows: list[tuple[str, str, str, str]] = []
        for key, label in indicators:
            self.fields[f"weight_{key}"] = forms.FloatField(
                label=_("Weight of %(indicator)s") % {"indicator": label},
                required=False,
                widget=forms.NumberInput(attrs={"step": "any", "min": "0"}),
            )
            self.fields[f"normalisation_{key}"] = forms.ChoiceField(
                label=_("Normalisation of %(indicator)s") % {"indicator": label},
                choices=[("ratio", "ratio"), ("minmax_base", "minmax_base")],
                required=False,  # an indicator left out (no weight) needs none
            )
            self.indicator_rows.append((key, label, f"weight_{key}", f"normalisation_{key}"))

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"key": key, "label": label, "weight": self[w], "normalisation": self[n]}
            for key, label, w, n in self.indicator_rows
        ]

    def version_data(self) -> dict[str, Any]:
        """The cleaned form as ``services.version_update`` data."""
        d = self.cleaned_data
        indicators = [
            {"key": key, "weight": d[w], "normalisation": d[n] or "ratio"}
            for key, _label, w, n in self.indicator_rows
            if d.get(w) is not None
        ]
        return {
            "title": d["title"],
            "base_period": d["base_period"],
            "min_group_size": d["min_group_size"],
            "replicates": d["replicates"],
            "notes": d["notes"],
            "indicators": indicators,
        }


class RecomputeForm(forms.Form):
    """Which quarters to re-extract from the sources before recomputing."""

    quarters = forms.MultipleChoiceField(
        label=_("Quarters to re-extract"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the latest complete quarter."),
    )

    def __init__(self, *args: Any, quarters: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["quarters"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(q, q) for q in quarters]
