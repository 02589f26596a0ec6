"""The one search's filters (the page; the API takes the same fields as query parameters)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitas.core.forms import choice_field
from qualitas.portal.selectors import kinds_present
from qualitas.registry.selectors import industries_list, regions_list


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind of record"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    since = forms.DateField(label=_("Published from"), required=False)
    until = forms.DateField(label=_("Published until"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [("", _("All kinds")), *kinds_present()]
        choice_field(self, "region").choices = [("", _("All regions"))] + [
            (r.code, f"{'　' if r.level == 'prefecture' else ''}{r.name}")
            for r in regions_list().filter(level__in=("province", "prefecture")).order_by("code")
        ]
        choice_field(self, "industry").choices = [("", _("All industries"))] + [
            (i.code, f"{i.code} {i.name}") for i in industries_list(level="division")
        ]
        for name in ("since", "until"):
            self.fields[name].widget.input_type = "date"
