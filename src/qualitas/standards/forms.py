"""Forms of the declaration pages (the services validate; these only parse)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitas.standards.choices import LimitKind
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
