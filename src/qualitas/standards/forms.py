"""Forms of the declaration pages (the services validate; these only parse)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitas.core.context_processors import punctuation
from qualitas.standards.choices import LimitKind, ResultSource
from qualitas.standards.services import IndicatorInput


def split_codes(text: str) -> list[str]:
    return [
        c.strip()
        for c in (text or "").replace("；", ";").replace("\n", ";").split(";")
        if c.strip()
    ]


class DeclarationForm(forms.Form):
    product = forms.TypedChoiceField(label=_("Product"), choices=(), coerce=int)
    standards = forms.CharField(
        label=_("Standards followed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. GB 31241-2022; Q/ABC 001-2024 — separate several with ';'"),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    publish = forms.BooleanField(label=_("Publish now"), required=False, initial=True)

    def __init__(self, *args: Any, products: list[tuple[Any, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = products  # type: ignore[attr-defined]


class IndicatorForm(forms.Form):
    name_zh = forms.CharField(label=_("Indicator (Chinese)"), max_length=100, required=False)
    name_en = forms.CharField(label=_("Indicator (English)"), max_length=150, required=False)
    key = forms.CharField(label=_("Key"), max_length=60, required=False)
    limit_kind = forms.ChoiceField(label=_("Limit"), choices=LimitKind.choices, required=False)
    value = forms.CharField(label=_("Declared value"), max_length=40, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    method = forms.CharField(label=_("Test method"), max_length=200, required=False)
    safety = forms.BooleanField(label=_("Safety"), required=False)

    def is_blank(self) -> bool:
        d = getattr(self, "cleaned_data", {}) or {}
        return not any((d.get("name_zh"), d.get("name_en"), d.get("value")))

    def to_input(self) -> IndicatorInput:
        d = self.cleaned_data
        return IndicatorInput(
            name_zh=d.get("name_zh") or d.get("name_en") or "",
            name_en=d.get("name_en") or "",
            key=d.get("key") or "",
            unit=d.get("unit") or "",
            limit_kind=d.get("limit_kind") or "",
            value=d.get("value") or "",
            method=d.get("method") or "",
            safety=bool(d.get("safety")),
        )


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=4, max_num=40)


class ForerunnerForm(forms.Form):
    category = forms.CharField(label=_("Product category"), max_length=100)
    key = forms.CharField(label=_("Indicator key"), max_length=60)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    share = forms.DecimalField(
        label=_("Share of forerunners"),
        initial=Decimal("0.2"),
        min_value=Decimal("0.01"),
        max_value=Decimal(1),
        decimal_places=3,
    )


class GradeForm(forms.Form):
    scheme = forms.TypedChoiceField(label=_("Grading scheme"), choices=(), coerce=int)
    source = forms.ChoiceField(label=_("Source of results"), choices=ResultSource.choices)
    laboratory = forms.CharField(label=_("Laboratory"), max_length=200)
    accreditation = forms.CharField(
        label=_("Accreditation numbers"),
        max_length=100,
        help_text=_("CNAS L1234 and/or the 12-digit CMA number"),
    )
    report_no = forms.CharField(label=_("Report number"), max_length=60)
    tested_on = forms.DateField(
        label=_("Tested on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        *args: Any,
        schemes: list[tuple[Any, str]] = (),  # type: ignore[assignment]
        products: list[tuple[Any, str]] | None = None,
        indicators: list[Any] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = schemes  # type: ignore[attr-defined]
        if products is not None:
            self.fields["product"] = forms.TypedChoiceField(
                label=_("Product"), choices=products, coerce=int
            )
        else:
            self.fields["product"] = forms.IntegerField(
                label=_("Product number"), help_text=_("the product's number in the register")
            )
        self.indicator_keys = []
        for ind in indicators:
            name = f"value_{ind.key}"
            self.indicator_keys.append(ind.key)
            p = punctuation()
            label = f"{ind.name}{p['lp']}{ind.unit}{p['rp']}" if ind.unit else ind.name
            self.fields[name] = forms.CharField(label=label, max_length=40)

    def values(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(f"value_{k}", "") for k in self.indicator_keys}
