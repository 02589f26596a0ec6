"""Forms of the recall desk: a defect report, the recall plan (the template's fields), progress."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitas.traceability.choices import DefectSource
from qualitas.traceability.models import Recall
from qualitas.traceability.services.recalls import PLAN_FIELDS

DATE = forms.DateInput(attrs={"type": "date"})


class DefectReportForm(forms.Form):
    enterprise = forms.IntegerField(label=_("Producer (enterprise ID)"), required=False)
    defect_source = forms.ChoiceField(label=_("Reported from"), choices=DefectSource.choices)
    product_name = forms.CharField(label=_("Product name"), max_length=200)
    defect_description = forms.CharField(
        label=_("Defect"), widget=forms.Textarea(attrs={"rows": 3})
    )
    lots = forms.CharField(
        label=_("Defective lots (identifiers)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One EPC URN or GS1 Digital Link per line: the scope is traced forward from them."
        ),
    )

    def __init__(self, *args: Any, fixed_enterprise: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed_enterprise:
            del self.fields["enterprise"]


class RecallPlanForm(forms.ModelForm[Recall]):
    class Meta:
        model = Recall
        fields = list(PLAN_FIELDS)
        widgets = {
            "production_start": DATE,
            "production_end": DATE,
            "start_date": DATE,
            "batch": forms.Textarea(attrs={"rows": 2}),
            "lots": forms.Textarea(attrs={"rows": 3}),
            "sales_channels": forms.Textarea(attrs={"rows": 2}),
            "defect_description": forms.Textarea(attrs={"rows": 3}),
            "consequence": forms.Textarea(attrs={"rows": 2}),
            "incidents": forms.Textarea(attrs={"rows": 2}),
            "component_suppliers": forms.Textarea(attrs={"rows": 2}),
            "remedy_text": forms.Textarea(attrs={"rows": 2}),
        }


class ProgressForm(forms.Form):
    report_date = forms.DateField(label=_("Report date"), widget=DATE)
    units_recovered = forms.IntegerField(label=_("Units recovered"), min_value=0)
    channel = forms.CharField(label=_("Channel"), max_length=100, required=False)
    region = forms.CharField(label=_("Region code"), max_length=6, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
