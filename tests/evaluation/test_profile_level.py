"""Issue 11 item 5: an enterprise with a published L2 certificate shows its level, certificate and
validity on its profile, to the public and to the authority over its region, in both languages;
a level-0 result shows no certificate (item 3)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from tests.evaluation.conftest import publish

pytestmark = pytest.mark.django_db

LEVEL = {"en": ("Capability level", "L2"), "zh-hans": ("能力等级", "L2 检验级")}


def _section(body: str) -> str:
    m = re.search(r'<section[^>]*data-testid="section-evaluation.level".*?</section>', body, re.S)
    assert m, "no capability section on the profile"
    return m.group(0)


@pytest.mark.parametrize("role", ["public", "authority"])
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_published_l2_on_the_profile(world, onsite, client_for, role, lang):
    r = publish(world, onsite, upto=2)
    assert (r.status, r.level) == ("published", 2) and r.certificate_code and r.valid_until
    with translation.override(lang):
        resp = client_for(role).get(f"/enterprises/{world.ent_a.pk}/", HTTP_ACCEPT_LANGUAGE=lang)
    assert resp.status_code == 200
    section = _section(resp.content.decode())
    title, level = LEVEL[lang]
    assert title in section and level in section
    assert r.certificate_code in section
    assert f"/verify/{r.certificate_code}" in section  # the code links to its verification
    assert r.valid_until.isoformat() in section or r.valid_until.strftime("%b") in section
    assert r.evaluated_on.isoformat() in section or r.evaluated_on.strftime("%b") in section


def test_level_0_shows_no_certificate_on_the_profile(world, onsite, client_for):
    r = publish(world, onsite, upto=0)
    assert r.level == 0 and r.certificate_code is None
    body = client_for("public").get(f"/enterprises/{world.ent_a.pk}/").content.decode()
    section = _section(body)
    assert "/verify/" not in section
