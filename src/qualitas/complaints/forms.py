"""Forms of the complaint pages (the services validate; these only parse)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitas.complaints.choices import ProblemType, ProductCategory


class IntakeForm(forms.Form):
    category = forms.ChoiceField(label=_("Product category"), choices=ProductCategory.choices)
    problem = forms.ChoiceField(label=_("Problem type"), choices=ProblemType.choices)
    region = forms.ChoiceField(label=_("Where you bought or used it"), choices=())
    product = forms.CharField(label=_("Product"), max_length=120)
    brand = forms.CharField(label=_("Brand or model"), max_length=120, required=False)
    description = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("Describe the product's problem; leave out names, addresses and ID numbers."),
    )
    purchased_on = forms.DateField(
        label=_("Purchase date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    enterprise = forms.CharField(label=_("Manufacturer"), max_length=120, required=False)
    credit_code = forms.CharField(
        label=_("Manufacturer's credit code"), max_length=18, required=False
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=40, required=False)
    phone = forms.CharField(label=_("Telephone (optional)"), max_length=20, required=False)
    email = forms.CharField(label=_("E-mail (optional)"), max_length=120, required=False)
    # bot resistance: a field people do not see, and the signed time the form was issued
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
    )
    issued = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—"), *regions]  # type: ignore[attr-defined]


class RouteForm(forms.Form):
    enterprise = forms.TypedChoiceField(label=_("Enterprise"), coerce=int, choices=())

    def __init__(self, *args: Any, enterprises: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = enterprises  # type: ignore[attr-defined]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RespondForm(forms.Form):
    response = forms.CharField(
        label=_("Your response"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class ConcludeForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("confirm", _("The problem is resolved")),
            ("dispute", _("The problem is not resolved")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )


class DecideForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("confirm", "confirm"), ("publish", "publish"), ("dismiss", "dismiss")]
    )
    summary = forms.CharField(
        label=_("Public summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
