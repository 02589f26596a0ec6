"""No certificate without a level (issue 11, item 3): a result consolidated to level 0 and then
approved and published gets no certificate; a correction down to level 0 leaves no certificate
in force; a code issued to a level-0 result before this rule is not called genuine. The verify
page and the verify API say why, in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from qualitas.evaluation import services
from qualitas.evaluation.models import Result
from tests.evaluation.conftest import actor, publish

pytestmark = pytest.mark.django_db

UNRATED = {
    "en": (
        "Not a valid certificate: the result reached no level (not rated), and a certificate is "
        "issued only for a level."
    ),
    "zh-hans": "不是有效证书：该结果未达到任何等级（未定级），证书只为达到的等级颁发。",
}
SUPERSEDED_UNRATED = {
    "en": (
        "Superseded by version 2, which reached no level (not rated): no certificate is in force."
    ),
    "zh-hans": "已被第 2 版取代，该版未达到任何等级（未定级）：目前没有有效证书。",
}
NO_CERTIFICATE = {
    "en": (
        "No certificate: the result reached no level (not rated), and a certificate is issued "
        "only for a level."
    ),
    "zh-hans": "无证书：该结果未达到任何等级（未定级），证书只为达到的等级颁发。",
}


def page(client, url: str, lang: str):
    with translation.override(lang):
        return client.get(f"{url}?lang={lang}")


def test_level_0_published_without_a_certificate(world, onsite, client_for):
    r = publish(world, onsite, upto=0)  # every requirement "not met": consolidated to level 0
    assert (r.status, r.level, r.certificate_code) == ("published", 0, None)
    assert r.valid_until is not None  # the finding is published and in force, without certificate
    reviewer = client_for("reviewer")
    for lang, text in NO_CERTIFICATE.items():
        body = page(reviewer, f"/evaluation/results/{r.pk}/", lang).content.decode()
        assert text in body and "/certificate/" not in body and "/verify/" not in body
    ent = client_for("enterprise")
    assert ent.get(f"/evaluation/results/{r.pk}/certificate/").status_code == 404
    assert ent.get(f"/evaluation/results/{r.pk}/certificate.pdf").status_code == 404


def test_bulk_publication_of_a_level_0_result_issues_no_certificate(world, onsite):
    from tests.evaluation.conftest import score_all

    score_all(onsite, upto=0)
    reviewer = actor(world.users["reviewer"])
    (r,) = services.evaluations_consolidate(actor=reviewer, assignments=[onsite.assignment])
    services.result_approve(actor=reviewer, result=r)
    services.result_publish(actor=reviewer, result=r)
    assert Result.objects.get(pk=r.pk).certificate_code is None
    assert not Result.objects.filter(level=0, certificate_code__isnull=False).exists()


def test_correction_to_level_0_leaves_no_certificate_in_force(world, onsite, client_for):
    r = publish(world, onsite, upto=2)
    reviewer = actor(world.users["reviewer"])
    new = services.result_correct(
        actor=reviewer, result=r, revision_note="penalty found later", level=0
    )
    services.result_approve(actor=reviewer, result=new)
    services.result_publish(actor=reviewer, result=new)
    new.refresh_from_db()
    assert (new.version, new.level, new.certificate_code) == (2, 0, None)
    pub = client_for("public")
    for lang, text in SUPERSEDED_UNRATED.items():
        body = page(pub, f"/verify/{r.certificate_code}/", lang).content.decode()
        assert 'class="state-superseded"' in body and text in body
        api = pub.get(
            f"/api/evaluation/certificates/{r.certificate_code}", HTTP_ACCEPT_LANGUAGE=lang
        ).json()
        assert (api["state"], api["reason"], api["current_version"]) == ("superseded", text, 2)


def test_code_issued_to_a_level_0_result_is_not_called_genuine(world, onsite, client_for):
    r = publish(world, onsite, upto=0)
    # a certificate issued before this rule (the defect): not an edit through the app
    Result.objects.filter(pk=r.pk).update(certificate_code="QM-0000-0000-0001")
    pub = client_for("public")
    for lang, text in UNRATED.items():
        resp = page(pub, "/verify/QM-0000-0000-0001/", lang)
        body = resp.content.decode()
        assert resp.status_code == 200 and 'class="state-unrated"' in body and text in body
        assert "Genuine" not in body and "真实有效" not in body
        api = pub.get(
            "/api/evaluation/certificates/QM-0000-0000-0001", HTTP_ACCEPT_LANGUAGE=lang
        ).json()
        assert (api["state"], api["reason"], api["level"]) == ("unrated", text, 0)
    # ?lang= chooses the API's language too
    api = pub.get("/api/evaluation/certificates/QM-0000-0000-0001?lang=en").json()
    assert api["reason"] == UNRATED["en"]


def test_a_valid_certificate_still_says_genuine_in_both_languages(world, onsite, client_for):
    r = publish(world, onsite, upto=3)
    pub = client_for("public")
    for lang, text in (("en", "Genuine and valid"), ("zh-hans", "真实有效")):
        assert text in page(pub, f"/verify/{r.certificate_code}/", lang).content.decode()
        api = pub.get(
            f"/api/evaluation/certificates/{r.certificate_code}", HTTP_ACCEPT_LANGUAGE=lang
        ).json()
        assert (api["state"], api["reason"]) == ("valid", text)
