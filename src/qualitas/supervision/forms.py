"""Forms of the spot-check pages (the services validate; these only parse)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitas.supervision.choices import CampaignLevel, StratifyBy, WeightBy


def _codes(text: str) -> list[str]:
    return [
        c.strip() for c in (text or "").replace(";", ",").replace("，", ",").split(",") if c.strip()
    ]


class CampaignForm(forms.Form):
    code = forms.CharField(label=_("Campaign number"), max_length=40)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=CampaignLevel.choices)
    region = forms.CharField(
        label=_("Organising region"),
        max_length=6,
        required=False,
        help_text=_("GB/T 2260 code, e.g. 330000; empty for a national campaign"),
    )
    year = forms.IntegerField(label=_("Year"))
    rules = forms.MultipleChoiceField(
        label=_("Products"), choices=(), widget=forms.CheckboxSelectMultiple
    )
    sample_count = forms.IntegerField(label=_("Enterprises to draw"), min_value=1)
    frame_regions = forms.CharField(
        label=_("Regions of the frame"),
        required=False,
        help_text=_("codes separated by commas; empty: the whole organising region"),
    )
    frame_industries = forms.CharField(
        label=_("Industries of the frame"),
        required=False,
        help_text=_("GB/T 4754 codes separated by commas, e.g. C38, C39"),
    )
    stratify_by = forms.MultipleChoiceField(
        label=_("Strata"),
        choices=StratifyBy.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weight_by = forms.ChoiceField(label=_("Weights"), choices=WeightBy.choices, required=False)
    exclude_months = forms.IntegerField(
        label=_("Exclude enterprises checked within (months)"), min_value=0, initial=12
    )

    def __init__(self, *args: Any, rules: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["rules"].choices = list(rules)  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "code": d["code"],
            "title_zh": d["title_zh"],
            "title_en": d.get("title_en") or "",
            "level": d["level"],
            "region": (d.get("region") or "").strip() or None,
            "year": d["year"],
            "rules": d["rules"],
            "sample_count": d["sample_count"],
            "frame_regions": _codes(d.get("frame_regions") or ""),
            "frame_industries": _codes(d.get("frame_industries") or ""),
            "stratify_by": d.get("stratify_by") or [],
            "weight_by": d.get("weight_by") or "",
            "exclude_months": d["exclude_months"],
        }


class DrawForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Seed"),
        required=False,
        min_value=0,
        help_text=_("empty: a random seed, recorded and published"),
    )


class PublishForm(forms.Form):
    notice_no = forms.CharField(label=_("Notice number"), max_length=100, required=False)


class SamplingForm(forms.Form):
    sampled_on = forms.DateField(label=_("Sampling date"))
    place = forms.CharField(label=_("Sampling place"), max_length=200)
    brand = forms.CharField(label=_("Brand"), max_length=100, required=False)
    model_spec = forms.CharField(label=_("Model / specification"), max_length=100, required=False)
    batch = forms.CharField(label=_("Batch or lot"), max_length=100, required=False)
    production_date = forms.DateField(label=_("Production date"), required=False)
    quantity = forms.IntegerField(label=_("Units sampled"), min_value=0)
    backup_quantity = forms.IntegerField(label=_("Backup units"), min_value=0)
    laboratory = forms.ChoiceField(label=_("Laboratory"), required=False, choices=())

    def __init__(self, *args: Any, labs: list[tuple[Any, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["laboratory"].choices = [("", "—"), *labs]  # type: ignore[attr-defined]


class LabForm(forms.Form):
    laboratory = forms.ChoiceField(label=_("Laboratory"), choices=())

    def __init__(self, *args: Any, labs: list[tuple[Any, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["laboratory"].choices = list(labs)  # type: ignore[attr-defined]


class ResultsForm(forms.Form):
    """One value per test item of the rule (``item_<code>``), or the laboratory's XLSX."""

    tested_on = forms.DateField(label=_("Test date"))
    file = forms.FileField(label=_("Or the laboratory's XLSX"), required=False)

    def __init__(self, *args: Any, items: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            label = f"{item.name} ({item.unit})" if item.unit else item.name
            self.fields[item.code] = forms.CharField(label=label, required=False, max_length=60)

    def values(self) -> dict[str, str]:
        return {i.code: self.cleaned_data.get(i.code) or "" for i in self.items}


class DateForm(forms.Form):
    on = forms.DateField(label=_("Date"))


class ObjectionForm(forms.Form):
    filed_on = forms.DateField(label=_("Filed on"))
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class RectificationForm(forms.Form):
    rectification_deadline = forms.DateField(label=_("Rectification deadline"))


class RefusalForm(forms.Form):
    refused_on = forms.DateField(label=_("Refused on"))
    refusal_note = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
