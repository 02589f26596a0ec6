"""``{{ value|web_href }}``: the value when it is a plain http(s) address, else "" (core.weblinks)."""

from __future__ import annotations

from django import template

from qualitas.core.weblinks import is_web_url

register = template.Library()


@register.filter
def web_href(value: object) -> str:
    return str(value) if is_web_url(value) else ""
