"""Forms of the diagnosis pages (validation proper lives in the services)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitas.core.forms import choice_field
from qualitas.diagnosis.choices import (
    CapabilityMethod,
    ChartType,
    InspectionSeverity,
    RuleSet,
    StudyChart,
    StudyKind,
)
from qualitas.diagnosis.units import unit_choices

if TYPE_CHECKING:
    from qualitas.diagnosis.models import (
        AssignableCause,
        Characteristic,
        CorrectiveAction,
        DataSet,
    )
    from qualitas.registry.models import Product, Site


VARIABLE_TYPES = (ChartType.IMR, ChartType.XBAR_R, ChartType.XBAR_S)
ATTRIBUTE_TYPES = (ChartType.P, ChartType.NP, ChartType.C, ChartType.U)


class CharacteristicForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = forms.ChoiceField(label=_("Unit"), choices=unit_choices)
    lsl = forms.DecimalField(
        label=_("Lower specification limit (LSL)"), required=False, max_digits=20, decimal_places=6
    )
    usl = forms.DecimalField(
        label=_("Upper specification limit (USL)"), required=False, max_digits=20, decimal_places=6
    )
    target = forms.DecimalField(label=_("Target"), required=False, max_digits=20, decimal_places=6)
    subgroup_size = forms.IntegerField(
        label=_("Subgroup size"),
        min_value=1,
        max_value=25,
        initial=1,
        help_text=_("Measured values per subgroup (variables only)."),
    )
    chart_type = forms.ChoiceField(
        label=_("Chart type"),
        choices=[
            (_("Variables: measured values"), [(c.value, c.label) for c in VARIABLE_TYPES]),
            (
                _("Attributes: counts per inspected sample"),
                [(c.value, c.label) for c in ATTRIBUTE_TYPES],
            ),
        ],
        help_text=_(
            "p and np count nonconforming units, c and u count nonconformities (defects); "
            "p, np and u receive each count with its sample size."
        ),
    )
    rule_set = forms.ChoiceField(label=_("Rule set"), choices=RuleSet.choices)
    site_id = forms.TypedChoiceField(label=_("Site"), required=False, coerce=int, empty_value=None)
    product_id = forms.TypedChoiceField(
        label=_("Product"), required=False, coerce=int, empty_value=None
    )
    line = forms.CharField(label=_("Production line"), max_length=100, required=False)

    def __init__(
        self,
        *args: Any,
        sites: Iterable[Site] = (),
        products: Iterable[Product] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "site_id").choices = [("", "—")] + [(s.pk, s.name) for s in sites]
        choice_field(self, "product_id").choices = [("", "—")] + [(p.pk, str(p)) for p in products]


class DataSetUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)


class AcknowledgeForm(forms.Form):
    """Cause and action start empty: the engineer chooses them (a preset first entry would be
    acknowledged unread)."""

    cause = forms.TypedChoiceField(label=_("Assignable cause"), coerce=int, empty_value=None)
    action = forms.TypedChoiceField(label=_("Corrective action"), coerce=int, empty_value=None)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    close = forms.BooleanField(label=_("Close the alert"), required=False)

    def __init__(
        self,
        *args: Any,
        causes: Iterable[AssignableCause] = (),
        actions: Iterable[CorrectiveAction] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choose = ("", _("— choose —"))
        choice_field(self, "cause").choices = [choose, *((c.pk, c.name) for c in causes)]
        choice_field(self, "action").choices = [choose, *((a.pk, a.name) for a in actions)]


PARETO_SOURCES = [("dataset", _("a data set column")), ("alerts", _("assignable causes of alerts"))]


class StudyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Study"), choices=StudyKind.choices)
    characteristic = forms.TypedChoiceField(
        label=_("Characteristic"), required=False, coerce=int, empty_value=None
    )
    dataset = forms.TypedChoiceField(
        label=_("Data set"), required=False, coerce=int, empty_value=None
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    chart_type = forms.ChoiceField(
        label=_("Control chart"),
        required=False,
        choices=[("", _("Proposed from the data")), *StudyChart.choices],
        help_text=_(
            "Proposed: X̄-R for a subgroup column (X̄-S above 10 per subgroup), I-MR without one; "
            "for a count column p with a sample size column (u when counts exceed it), c without."
        ),
    )
    lam = forms.DecimalField(
        label=_("EWMA λ (weight of the newest point)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=1,
        initial=Decimal("0.2"),
        help_text=_("0 < λ ≤ 1; small λ (0.05–0.25) detects small shifts."),
    )
    nsigmas = forms.DecimalField(
        label=_("EWMA L (width of the limits in σ)"),
        required=False,
        min_value=Decimal("0.5"),
        max_value=6,
        initial=3,
    )
    k = forms.DecimalField(
        label=_("CUSUM k (reference value in σ)"),
        required=False,
        min_value=0,
        max_value=5,
        initial=Decimal("0.5"),
        help_text=_("Half the shift to detect, in σ; 0.5 detects a shift of 1σ."),
    )
    h = forms.DecimalField(
        label=_("CUSUM h (decision interval in σ)"),
        required=False,
        min_value=Decimal("0.5"),
        max_value=20,
        initial=5,
    )
    method = forms.ChoiceField(
        label=_("Capability method"),
        required=False,
        choices=CapabilityMethod.choices,
    )
    last = forms.IntegerField(
        label=_("Use the last N values (empty: all)"), required=False, min_value=2
    )
    value_column = forms.CharField(label=_("Value / measurement column"), required=False)
    subgroup_column = forms.CharField(label=_("Subgroup column"), required=False)
    part_column = forms.CharField(label=_("Part column"), required=False)
    operator_column = forms.CharField(label=_("Operator column"), required=False)
    time_column = forms.CharField(label=_("Time column"), required=False)
    censored_column = forms.CharField(
        label=_("Censored column (1 = still running)"), required=False
    )
    category_column = forms.CharField(label=_("Category column"), required=False)
    count_column = forms.CharField(label=_("Count column"), required=False)
    size_column = forms.CharField(label=_("Sample size column"), required=False)
    pareto_source = forms.ChoiceField(
        label=_("Pareto of"),
        required=False,
        choices=PARETO_SOURCES,
    )
    lsl = forms.DecimalField(label="LSL", required=False)
    usl = forms.DecimalField(label="USL", required=False)
    tolerance = forms.DecimalField(label=_("Tolerance (USL − LSL)"), required=False)
    lot_size = forms.IntegerField(label=_("Lot size"), required=False, min_value=2)
    aql = forms.DecimalField(label="AQL", required=False)
    level = forms.ChoiceField(
        label=_("Inspection level"),
        required=False,
        choices=[(x, x) for x in ("II", "I", "III", "S-1", "S-2", "S-3", "S-4")],
    )
    inspection = forms.ChoiceField(
        label=_("Inspection severity"),
        required=False,
        choices=InspectionSeverity.choices,
    )

    def __init__(
        self,
        *args: Any,
        characteristics: Iterable[Characteristic] = (),
        datasets: Iterable[DataSet] = (),
        kind: str | None = None,
        source: str = "",
        columns: Iterable[str] | None = None,
        **kwargs: Any,
    ) -> None:
        """``kind`` chosen: only the fields of that analysis, the study and its source hidden;
        ``source`` "characteristic" or "dataset" drops the fields of the other source;
        ``columns`` (of the chosen data set) turns the column fields into lists of them."""
        super().__init__(*args, **kwargs)
        choice_field(self, "characteristic").choices = [("", "—")] + [
            (c.pk, str(c)) for c in characteristics
        ]
        choice_field(self, "dataset").choices = [("", "—")] + [(d.pk, str(d)) for d in datasets]
        if kind in StudyKind.values:
            keep = {*SOURCE_FIELDS, "title", *OPTIONS_OF_KIND[kind]}
            if kind == StudyKind.PARETO:
                keep.add("pareto_source")
            if source == "characteristic":
                keep = {f for f in keep if not f.endswith("_column")}
            elif source == "dataset":
                keep.discard("last")
            for name in [f for f in self.fields if f not in keep]:
                del self.fields[name]
            for name in SOURCE_FIELDS:
                self.fields[name].widget = forms.HiddenInput()
        for name, chart in SHOWN_WITH_CHART.items():
            if name in self.fields:
                # behaviours.js shows the field only while its chart is chosen
                self.fields[name].widget.attrs["data-show-when"] = f"chart_type={chart}"
        if columns is not None:
            picks = [("", "—"), *((c, c) for c in columns)]
            for name, field in list(self.fields.items()):
                if name.endswith("_column"):
                    self.fields[name] = forms.ChoiceField(
                        label=field.label, required=False, choices=picks, help_text=field.help_text
                    )

    def options(self) -> dict[str, Any]:
        """The options of the chosen kind only (a control chart has no inspection level)."""
        d = self.cleaned_data
        out: dict[str, Any] = {}
        for key in OPTIONS_OF_KIND.get(d.get("kind") or "", ()):
            v = d.get(key)
            if key in SHOWN_WITH_CHART and d.get("chart_type") != SHOWN_WITH_CHART[key]:
                continue  # EWMA's λ and L, CUSUM's k and h only with their chart
            if v not in (None, ""):
                out[key] = float(v) if hasattr(v, "as_tuple") else v
        if d.get("kind") == StudyKind.PARETO and d.get("pareto_source") == "alerts":
            out["source"] = "alerts"
        return out


SOURCE_FIELDS = ("kind", "characteristic", "dataset")
SHOWN_WITH_CHART = {"lam": "ewma", "nsigmas": "ewma", "k": "cusum", "h": "cusum"}
_SERIES = ("last", "value_column", "subgroup_column", "time_column")
OPTIONS_OF_KIND: dict[str, tuple[str, ...]] = {
    StudyKind.CONTROL_CHART: (
        "chart_type",
        "lam",
        "nsigmas",
        "k",
        "h",
        *_SERIES,
        "count_column",
        "size_column",
    ),
    StudyKind.CAPABILITY: ("method", "chart_type", *_SERIES, "lsl", "usl"),
    StudyKind.GAGE_RR: (
        "value_column",
        "part_column",
        "operator_column",
        "lsl",
        "usl",
        "tolerance",
    ),
    StudyKind.WEIBULL: ("time_column", "censored_column"),
    StudyKind.GROWTH: ("time_column",),
    StudyKind.PARETO: ("category_column", "count_column"),
    StudyKind.SAMPLING: ("lot_size", "aql", "level", "inspection"),
}


def option_rows(options: dict[str, Any]) -> list[tuple[Any, Any]]:
    """A stored study's options as (label, value) in the reader's language: the form's labels,
    coded values (chart, method, severity, rule set) by name."""
    extra_labels = {"rules": _("Rule set"), "target": _("Target"), "source": _("Pareto of")}
    coded: dict[str, Any] = {
        "chart_type": StudyChart,
        "method": CapabilityMethod,
        "inspection": InspectionSeverity,
        "rules": RuleSet,
    }
    sources = dict(PARETO_SOURCES)
    rows = []
    for key, value in options.items():
        field = StudyForm.base_fields.get(key)
        label = field.label if field is not None else extra_labels.get(key, key)
        choices = coded.get(key)
        if choices is not None and value in choices.values:
            value = choices(value).label
        elif key == "source":
            value = sources.get(value, value)
        rows.append((label, value))
    return rows
