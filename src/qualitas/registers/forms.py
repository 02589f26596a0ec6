"""Forms of the register pages (the services validate; these only parse)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitas.registers.choices import AssessmentKind, AssessmentResult, CaseProblem, CaseType

DATE = forms.DateInput(attrs={"type": "date"})


class LaboratoryForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    region = forms.CharField(
        label=_("Region"), max_length=6, help_text=_("GB/T 2260 code, e.g. 330000")
    )
    specialties = forms.CharField(label=_("Fields"), max_length=300, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    cma_no = forms.CharField(label=_("CMA certificate number"), max_length=20, required=False)
    cma_valid_until = forms.DateField(label=_("CMA valid until"), required=False, widget=DATE)
    cnas_no = forms.CharField(label=_("CNAS accreditation number"), max_length=20, required=False)
    cnas_valid_until = forms.DateField(label=_("CNAS valid until"), required=False, widget=DATE)
    reassessment_due = forms.DateField(label=_("Next re-assessment"), required=False, widget=DATE)
    items = forms.CharField(
        label=_("Accredited test items"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("one per line: item | standard | method | English name"),
    )


class AssessmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AssessmentKind.choices)
    assessed_on = forms.DateField(label=pgettext_lazy("laboratory", "Assessed on"), widget=DATE)
    result = forms.ChoiceField(label=_("Result"), choices=AssessmentResult.choices)
    next_due = forms.DateField(label=_("Next re-assessment"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=400, required=False)


class PlanForm(forms.Form):
    region = forms.CharField(
        label=_("Region"), max_length=6, help_text=_("GB/T 2260 code, e.g. 330000")
    )
    year = forms.IntegerField(label=_("Year"))
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Plan"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    targets = forms.CharField(
        label=_("Target figures"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("one per line: figure = value, e.g. published:recall = 3"),
    )


class CompileForm(forms.Form):
    region = forms.CharField(
        label=_("Region"), max_length=6, help_text=_("GB/T 2260 code, e.g. 330000")
    )
    year = forms.IntegerField(label=_("Year"))


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )


class CaseForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Case type"), choices=CaseType.choices)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    industry = forms.CharField(
        label=_("Industry"), max_length=5, help_text=_("GB/T 4754 code, e.g. C38")
    )
    region = forms.CharField(
        label=_("Region"), max_length=6, help_text=_("GB/T 2260 code, e.g. 330000")
    )
    enterprise = forms.CharField(
        label=_("Enterprise"),
        max_length=18,
        required=False,
        help_text=_("unified social credit code; leave empty for an anonymous case"),
    )
    methods = forms.CharField(label=_("Methods"), max_length=300, required=False)
    problem = forms.CharField(label=_("Problem"), widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label=_("Measures"), widget=forms.Textarea(attrs={"rows": 4}))
    results = forms.CharField(label=_("Results"), widget=forms.Textarea(attrs={"rows": 3}))
    summary_en = forms.CharField(
        label=_("Summary (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    figures = forms.CharField(
        label=_("Key figures"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("one per line: figure | before | after | unit | English name"),
    )
    topics = forms.CharField(
        label=_("Problems it helps with"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("one per line: kind:detail, e.g. low_capability:dimension"),
    )


class CaseSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    case_type = forms.ChoiceField(
        label=_("Case type"), choices=[("", _("All types")), *CaseType.choices], required=False
    )
    industry = forms.CharField(label=_("Industry"), max_length=5, required=False)
    problem = forms.ChoiceField(
        label=_("Problem"), choices=[("", _("Any problem")), *CaseProblem.choices], required=False
    )
    detail = forms.CharField(label=_("Detail"), max_length=60, required=False)


class QAForm(forms.Form):
    name_zh = forms.CharField(label=_("Question (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Question (English)"), max_length=300, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=100, required=False)
    region = forms.CharField(
        label=_("Region"), max_length=6, help_text=_("GB/T 2260 code, e.g. 330000")
    )
    answer_zh = forms.CharField(
        label=_("Answer (Chinese)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    answer_en = forms.CharField(
        label=_("Answer (English)"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
