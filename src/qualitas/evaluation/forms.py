"""Forms of the evaluation pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitas.core.forms import choice_field
from qualitas.evaluation.choices import (
    CertificateActionKind,
    COIKind,
    EvidenceKind,
    GateKind,
    SurveillanceOutcome,
)
from qualitas.registry.models import Region
from qualitas.registry.selectors import industries_list, institutions_list


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k, v) for k, v in EvidenceKind.choices if k != EvidenceKind.PLATFORM],
    )
    # checked by the service (core.weblinks), the same rule as the API
    url = forms.CharField(label=_("Link"), required=False, max_length=500)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(label=_("File"), required=False)


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Campaign name"), max_length=200)
    region = forms.ChoiceField(label=_("Region"))
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    self_level = forms.TypedChoiceField(
        label=_("Self-assessed level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any")), (0, _("Not rated")), *[(i, f"L{i}") for i in range(1, 6)]],
    )
    credit_codes = forms.CharField(
        label=_("Or a list of credit codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line or separated by commas; overrides the filters."),
    )
    codes_file = forms.FileField(
        label=_("Or upload a file of credit codes (CSV/TXT)"), required=False
    )
    limit = forms.IntegerField(
        label=_("At most this many enterprises"), min_value=1, max_value=50000, initial=1000
    )
    institutions = forms.MultipleChoiceField(
        label=_("Evaluation institutions"), required=False, widget=forms.CheckboxSelectMultiple
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    _codes: list[str] | None  # set by codes() on first use

    def __init__(self, *args: Any, regions: list[Region] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "region").choices = [
            (r.code, f"{r.code} {r.name}") for r in (regions or [])
        ]
        choice_field(self, "industry").choices = [("", _("All industries"))] + [
            (i.code, f"{i.code} {i.name}") for i in industries_list(level="division")
        ]
        choice_field(self, "institutions").choices = [
            (str(i.pk), i.name) for i in institutions_list(kind="evaluation")
        ]

    def clean_deadline(self) -> Any:
        d = self.cleaned_data["deadline"]
        if d <= timezone.localdate():
            raise forms.ValidationError(_("The deadline must lie in the future."))
        return d

    def codes(self) -> list[str] | None:
        if hasattr(self, "_codes"):
            return self._codes
        text = self.cleaned_data.get("credit_codes") or ""
        f = self.cleaned_data.get("codes_file")
        if f is not None:
            text += "\n" + f.read().decode("utf-8-sig", errors="replace")
        parts = [
            p.strip().upper()
            for p in text.replace(",", "\n").replace(";", "\n").split()
            if p.strip()
        ]
        parts = [p for p in parts if len(p) == 18]
        self._codes = parts or None
        return self._codes


class TeamForm(forms.Form):
    lead = forms.ChoiceField(label=_("Lead evaluator"))
    members = forms.MultipleChoiceField(
        label=_("Other evaluators"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, evaluators: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(u.pk), u.get_full_name() or u.username) for u in (evaluators or [])]
        choice_field(self, "lead").choices = choices
        choice_field(self, "members").choices = choices


class GateRecordForm(forms.Form):
    credit_code = forms.CharField(label=_("Credit code of the enterprise"), max_length=18)
    kind = forms.ChoiceField(label=_("Kind"), choices=GateKind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Decision number or report"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TargetForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"))
    level = forms.TypedChoiceField(
        label=_("Level"), coerce=int, choices=[(i, f"L{i}") for i in range(2, 6)]
    )
    target = forms.IntegerField(label=_("Enterprises newly at this level by 2027"), min_value=0)

    def __init__(self, *args: Any, regions: list[Region] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "region").choices = [
            (r.code, f"{r.code} {r.name}") for r in (regions or [])
        ]


class InviteForm(forms.Form):
    credit_codes = forms.CharField(
        label=_("Suppliers' credit codes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    required_level = forms.TypedChoiceField(
        label=_("Level required of suppliers"),
        coerce=int,
        choices=[(i, f"L{i}") for i in range(1, 6)],
        initial=3,
    )


class COIForm(forms.Form):
    credit_code = forms.CharField(label=_("Credit code of the enterprise"), max_length=18)
    kind = forms.ChoiceField(label=_("Tie"), choices=COIKind.choices)
    started_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(
        label=_("Until (empty if continuing)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class ApplicationForm(forms.Form):
    """An enterprise applies to an evaluation institution (nearest first)."""

    institution = forms.ChoiceField(label=_("Evaluation institution"))
    message = forms.CharField(
        label=_("Message to the institution"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, institutions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "institution").choices = [
            (str(i.pk), f"{i.name} · {i.region.name}") for i in institutions
        ]


class AcceptForm(forms.Form):
    quote = forms.DecimalField(
        label=_("Quote (yuan)"), min_value=0, max_digits=12, decimal_places=2
    )
    planned_on = forms.DateField(
        label=_("Planned date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentRequestForm(forms.Form):
    text = forms.CharField(
        label=_("Which documents are missing"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("File"), required=False)


class OnsitePlanForm(forms.Form):
    starts_on = forms.DateField(
        label=_("First day on site"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Last day on site"), widget=forms.DateInput(attrs={"type": "date"})
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Opening meeting, the areas and processes visited day by day, closing meeting."
        ),
    )


class SurveillanceForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year of validity"), coerce=int, choices=())
    visited_on = forms.DateField(
        label=_("Visited on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=SurveillanceOutcome.choices)
    findings = forms.CharField(
        label=_("Findings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the surveillance fails: the certificate is then suspended."),
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]


class CertificateActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Action"), choices=CertificateActionKind.choices)
    grounds = forms.CharField(
        label=pgettext_lazy("certificate", "Grounds"), widget=forms.Textarea(attrs={"rows": 3})
    )
