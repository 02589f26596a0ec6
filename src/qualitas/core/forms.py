"""Helpers shared by the apps' forms."""

from __future__ import annotations

from typing import cast

from django import forms


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field ``name``, which the form declares as a ``ChoiceField`` (or a subclass).

    ``form.fields`` is typed as plain ``Field``; forms whose choices are filled in ``__init__``
    (from the database or the request) reach the field through here.
    """
    return cast(forms.ChoiceField, form.fields[name])
