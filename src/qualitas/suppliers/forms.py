"""Forms of the supplier-quality pages (the services validate; these only parse)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitas.suppliers.choices import ActionSource, ApprovalStatus, CauseCategory, InspectionLevel


class SupplierForm(forms.Form):
    code = forms.CharField(label=_("Supplier code"), max_length=40)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("for a supplier registered on the platform; its name is then taken"),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Approval status"), choices=ApprovalStatus.choices)
    contact_name = forms.CharField(label=_("Contact"), max_length=100, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    contact_phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)


class PartForm(forms.Form):
    part_number = forms.CharField(label=_("Part number"), max_length=60)
    name = forms.CharField(label=_("Part name"), max_length=200)
    aql = forms.CharField(
        label=_("AQL"), max_length=8, help_text=_("a column of GB/T 2828.1, e.g. 0.65, 1.0, 2.5")
    )
    level = forms.ChoiceField(
        label=_("Inspection level"), choices=InspectionLevel.choices, initial=InspectionLevel.II
    )
    characteristics = forms.CharField(
        label=_("Characteristics inspected"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class LotForm(forms.Form):
    part = forms.TypedChoiceField(
        label=pgettext_lazy("supplied part", "Part"), coerce=int, choices=()
    )
    lot_number = forms.CharField(label=_("Lot number"), max_length=80)
    lot_size = forms.CharField(label=_("Lot size"), max_length=12)
    received_on = forms.DateField(
        label=_("Received on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    trace_ref = forms.CharField(label=_("Traceability reference"), max_length=200, required=False)
    due_on = forms.DateField(
        label=_("Promised delivery date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: object, parts: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["part"].choices = parts  # type: ignore[attr-defined]


class ResultForm(forms.Form):
    nonconforming = forms.CharField(label=_("Nonconforming items in the sample"), max_length=12)


class ChecklistImportForm(forms.Form):
    code = forms.SlugField(label=_("Checklist code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    file = forms.FileField(
        label=_("Checklist (CSV)"),
        help_text=_(
            "Columns number, element, sub_element, star, text_en, text_zh; a code already "
            "imported gets its next version."
        ),
    )


class AuditPlanForm(forms.Form):
    planned_on = forms.DateField(
        label=_("Planned for"), widget=forms.DateInput(attrs={"type": "date"})
    )
    lead_auditor = forms.CharField(label=_("Lead auditor"), max_length=100)
    checklist = forms.TypedChoiceField(
        label=_("Checklist"), coerce=int, required=False, empty_value=None, choices=()
    )
    scope = forms.CharField(label=_("Scope"), max_length=300, required=False)

    def __init__(
        self, *args: object, checklists: list[tuple[int, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["checklist"].choices = [  # type: ignore[attr-defined]
            ("", _("the shipped process audit (latest version)")),
            *(checklists or []),
        ]


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Problem"), max_length=300)
    source = forms.ChoiceField(label=_("Opened from"), choices=ActionSource.choices)
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class StepForm(forms.Form):
    owner = forms.CharField(label=_("Owner"), max_length=100)
    text = forms.CharField(label=_("Record"), widget=forms.Textarea(attrs={"rows": 3}))
    whys = forms.CharField(
        label=_("5 Why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("D4 only: one why a line"),
    )
    cause_category = forms.ChoiceField(
        label=_("Cause category"), choices=[("", "—"), *CauseCategory.choices], required=False
    )


class VerifyForm(forms.Form):
    effective = forms.ChoiceField(
        label=_("Effective"), choices=[("yes", _("effective")), ("no", _("not effective"))]
    )
    note = forms.CharField(label=_("How it was verified"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Closing note"), max_length=300, required=False)


class ScorecardForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    w_ppm = forms.FloatField(label=_("Weight of incoming PPM"), min_value=0, initial=40)
    w_lots = forms.FloatField(label=_("Weight of lot acceptance"), min_value=0, initial=30)
    w_delivery = forms.FloatField(label=_("Weight of on-time delivery"), min_value=0, initial=20)
    w_audit = forms.FloatField(label=_("Weight of the audit result"), min_value=0, initial=20)
    w_actions = forms.FloatField(label=_("Weight of 8D closure"), min_value=0, initial=10)
    ppm_limit = forms.FloatField(
        label=_("PPM at which the quality score is 0"), min_value=1, initial=1000, required=False
    )
    grace_days = forms.IntegerField(
        label=_("Days late still counted on time"),
        min_value=0,
        max_value=365,
        initial=0,
        required=False,
    )
    a = forms.FloatField(
        label=_("Lowest score of class A"), min_value=0, max_value=100, initial=85, required=False
    )
    b = forms.FloatField(
        label=_("Lowest score of class B"), min_value=0, max_value=100, initial=70, required=False
    )
    class_b = forms.ChoiceField(
        label=_("Class B sets the supplier to"),
        choices=[
            ("", _("no change")),
            (ApprovalStatus.CONDITIONAL, ApprovalStatus.CONDITIONAL.label),
        ],
        required=False,
    )
    class_c = forms.ChoiceField(
        label=_("Class C sets the supplier to"),
        choices=[
            ("", _("no change")),
            (ApprovalStatus.CONDITIONAL, ApprovalStatus.CONDITIONAL.label),
            (ApprovalStatus.BLOCKED, ApprovalStatus.BLOCKED.label),
        ],
        required=False,
    )


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Results sheet (XLSX)"),
        help_text=_(
            "Columns supplier_code, part_number, lot_number and nonconforming (or their "
            "Chinese names), one row per lot received."
        ),
    )
