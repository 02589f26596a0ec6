"""Forms of the brand pages (the services validate; these only parse)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitas.brands.choices import BrandKind
from qualitas.brands.models import EvaluationMethod


def split_codes(text: str) -> list[str]:
    return [
        c.strip()
        for c in (text or "").replace("；", ";").replace(",", ";").replace("\n", ";").split(";")
        if c.strip()
    ]


class BrandForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BrandKind.choices)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=100)
    name_en = forms.CharField(label=_("Name (English)"), max_length=150, required=False)
    category = forms.CharField(label=_("Product category"), max_length=100)
    owner = forms.CharField(
        label=_("Owner (unified social credit code)"), max_length=18, required=False
    )
    region = forms.CharField(label=_("Region code (cluster brands)"), max_length=6, required=False)
    members = forms.CharField(
        label=_("Member enterprises (credit codes, cluster brands)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    products = forms.TypedMultipleChoiceField(
        label=_("Products (product brands)"),
        choices=(),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    trademark = forms.CharField(label=_("Trademark number"), max_length=30, required=False)
    nice_class = forms.IntegerField(label=_("Nice class"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    publish = forms.BooleanField(label=_("Publish now"), required=False, initial=True)

    def __init__(
        self, *args: Any, products: list[tuple[Any, str]] | None = None, own: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["products"].choices = products or []  # type: ignore[attr-defined]
        if own:  # an enterprise user registers its own brands: no owner, no cluster
            del self.fields["owner"], self.fields["region"], self.fields["members"]
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                c for c in BrandKind.choices if c[0] != BrandKind.CLUSTER
            ]
        else:
            del self.fields["products"]


class EvaluationForm(forms.Form):
    """One score field per indicator of the method (0–100)."""

    evaluated_on = forms.DateField(
        label=_("Evaluated on"), widget=forms.DateInput({"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, method: EvaluationMethod, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in method.indicators.all():
            self.fields[f"score_{i.key}"] = forms.DecimalField(
                label=f"{i.get_part_display()} · {i.name}",
                min_value=0,
                max_value=100,
                decimal_places=1,
                required=False,
            )

    def scores(self) -> dict[str, Any]:
        return {
            k.removeprefix("score_"): v
            for k, v in self.cleaned_data.items()
            if k.startswith("score_")
        }
