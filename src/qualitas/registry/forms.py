"""Forms of the registry pages (the search filters mirror ``selectors.EnterpriseQuery``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitas.registry.choices import EnterpriseStatus, SizeClass
from qualitas.registry.models import Industry, Region


class EnterpriseSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or credit code"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    size_class = forms.ChoiceField(label=_("Size"), required=False, choices=[("", _("All sizes")), *SizeClass.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All statuses")), *EnterpriseStatus.choices])
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False,
        choices=[("name", _("Name")), ("-name", _("Name, descending")), ("code", _("Credit code")), ("region", _("Region")), ("industry", _("Industry")), ("-founded", _("Newest"))],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region"].choices = [("", _("All provinces"))] + [(r.code, f"{r.code} {r.name}") for r in Region.objects.filter(level="province")]
        self.fields["industry"].choices = [("", _("All industries"))] + [(i.code, f"{i.code} {i.name}") for i in Industry.objects.filter(level="division")]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
