"""Forms of the registry pages (the search filters mirror ``selectors.EnterpriseQuery``)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitas.core.access import Actor, may_change_jurisdiction, regions_editable_q
from qualitas.core.choices import ConsentScope
from qualitas.core.errors import DomainError
from qualitas.core.forms import choice_field
from qualitas.registry.choices import EnterpriseStatus, InstitutionKind, SizeClass
from qualitas.registry.models import Institution
from qualitas.registry.selectors import industries_list, institutions_list, regions_list
from qualitas.registry.validation import validate_enterprise


class EnterpriseSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or credit code"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    size_class = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", _("All sizes")), *SizeClass.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *EnterpriseStatus.choices],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("-name", _("Name, descending")),
            ("code", _("Credit code")),
            ("region", _("Region")),
            ("industry", _("Industry")),
            ("-founded", _("Newest")),
        ],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # any level of code: the map's drill-down opens this list with a city's code
        choice_field(self, "region").choices = [("", _("All regions")), *_region_choices()]
        choice_field(self, "industry").choices = [("", _("All industries"))] + [
            (i.code, f"{i.code} {i.name}") for i in industries_list(level="division")
        ]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))


def _region_choices(*, within: Q | None = None) -> list[tuple[str, str]]:
    qs = regions_list()
    if within is not None:
        qs = qs.filter(within)
    return [
        (r.code, f"{r.code} {'　' if r.level == 'prefecture' else ''}{r.name}")
        for r in qs.order_by("code")
    ]


class EnterpriseForm(forms.Form):
    """Create or change an enterprise. Checked by ``registry.validation`` (the same rules as the API and the import)."""

    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        help_text=_("18 characters, GB 32100-2015"),
    )
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    region = forms.ChoiceField(label=_("Region"))
    industry = forms.ChoiceField(label=_("Industry"))
    size_class = forms.ChoiceField(label=_("Size"), choices=SizeClass.choices)
    status = forms.ChoiceField(
        label=_("Status"), choices=EnterpriseStatus.choices, initial=EnterpriseStatus.ACTIVE
    )
    founded = forms.CharField(
        label=_("Founded"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("YYYY-MM-DD"),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )

    def __init__(
        self,
        *args: Any,
        enterprise: Any = None,
        actor: Actor | None = None,
        **kwargs: Any,
    ) -> None:
        if enterprise is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "credit_code": enterprise.credit_code,
                "name_zh": enterprise.name_zh,
                "name_en": enterprise.name_en,
                "region": enterprise.region_id,
                "industry": enterprise.industry_id,
                "size_class": enterprise.size_class,
                "status": enterprise.status,
                "founded": enterprise.founded.isoformat() if enterprise.founded else "",
                "address": enterprise.address,
                "website": enterprise.website,
            }
        super().__init__(*args, **kwargs)
        self.editing = enterprise is not None
        # authority officers are offered only their own regions
        regions = _region_choices(within=regions_editable_q(actor) if actor else None)
        choice_field(self, "region").choices = [("", "—")] + regions
        choice_field(self, "industry").choices = [("", "—")] + [
            (i.code, f"{i.code} {i.name}") for i in industries_list(level="division")
        ]
        if self.editing:
            # The credit code identifies the enterprise; it is not changed from this page.
            self.fields["credit_code"].disabled = True
            if actor is not None and not may_change_jurisdiction(actor, enterprise):
                # region and status decide who supervises it: only its authority changes them
                for name in ("region", "status"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Changed by the enterprise's authority.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        raw = {k: ("" if v is None else v) for k, v in cleaned.items()}
        if self.editing:
            raw.pop("credit_code", None)
        data, problems = validate_enterprise(raw, partial=self.editing)
        for p in problems:
            if p.field in self.fields and p.field not in self.errors:
                self.add_error(p.field, p.message)
        self.data_for_service = data
        return cleaned


class ProductForm(forms.Form):
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    category = forms.CharField(label=_("Category"), max_length=100)
    model = forms.CharField(label=_("Model"), max_length=100, required=False)
    standards = forms.CharField(
        label=_("Standards followed"),
        max_length=300,
        required=False,
        help_text=_("e.g. GB/T 31485-2015; separate several with ';'"),
    )


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    region_id = forms.ChoiceField(label=_("Region"))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "region_id").choices = [("", "—")] + _region_choices()


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    title = forms.CharField(label=pgettext_lazy("person", "Title"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


CHILD_FORMS: dict[str, type[forms.Form]] = {
    "product": ProductForm,
    "site": SiteForm,
    "contact": ContactForm,
}


class _InstitutionChoiceField(forms.ModelChoiceField[Institution]):
    """Institutions offered by name and kind."""

    def label_from_instance(self, obj: Institution) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class ConsentForm(forms.Form):
    """Let an institution (chosen from the list) or a user (by user name) see named private data."""

    scope = forms.ChoiceField(label=_("Data"), choices=ConsentScope.choices)
    grantee_kind = forms.ChoiceField(
        label=_("Grant to"),
        choices=[("institution", _("an institution")), ("user", _("a user"))],
        widget=forms.RadioSelect,
        initial="institution",
    )
    institution = _InstitutionChoiceField(
        label=_("Institution"), queryset=institutions_list().none(), required=False, empty_label="—"
    )
    username = forms.CharField(label=_("User name"), max_length=150, required=False)

    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        field = cast(_InstitutionChoiceField, self.fields["institution"])
        field.queryset = institutions_list().order_by("kind", "name_zh")

    def clean(self) -> dict[str, Any]:
        from qualitas.core.services import consent_grantee

        cleaned = super().clean() or {}
        kind = cleaned.get("grantee_kind")
        cleaned["grantee_user"] = None
        if kind == "institution" and not cleaned.get("institution"):
            self.add_error("institution", _("Choose an institution."))
        if kind == "user":
            name = cleaned.get("username", "")
            if not name:
                self.add_error("username", _("Enter a user name."))
            else:
                try:
                    cleaned["grantee_user"] = consent_grantee(
                        actor=self.actor, username=name, field="username"
                    )
                except DomainError as exc:
                    self.add_error("username", str(exc))
            cleaned["institution"] = None
        return cleaned


class InstitutionFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *InstitutionKind.choices]
    )
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # a province or one of its cities (filtered by ``core.access.region_within_q``)
        choice_field(self, "region").choices = [("", _("All regions")), *_region_choices()]
