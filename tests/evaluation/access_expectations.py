"""What every role gets from each evaluation page and API endpoint (read by tests/core/test_access_matrix.py).

The data: ent_a (Hangzhou) has a submitted self-assessment and a published on-site result from a
Zhejiang campaign evaluated by the world's institution, with the world's evaluator as lead; an
open appeal on it; ent_a has invited ent_c into its chain (pending) and applied to the world's
institution for an on-site evaluation (awaiting the decision). Private rows answer 404 to
anyone without access ("not found" and "not allowed" look the same); pages ask anonymous
visitors to log in (302); POST-only URLs answer 405 to a GET.
"""

from __future__ import annotations

import shutil
from typing import Any

from tests.registry.access_expectations import only


def kwargs(world: Any) -> dict[str, Any]:
    from tests.evaluation.helpers import make_evaluation

    d = make_evaluation(world)
    return {
        "application_pk": _application(world).pk,
        "framework_pk": d["framework"].pk,
        "framework_fmt": "json",
        "fmt": "xlsx",
        "assessment_pk": d["assessment"].pk,
        "req_pk": d["requirement"].pk,
        "req_code": d["requirement"].code,
        "campaign_pk": d["campaign"].pk,
        "assignment_pk": d["assignment"].pk,
        "result_pk": d["result"].pk,
        "cert_code": d["result"].certificate_code,
        "appeal_pk": d["appeal"].pk,
        "invitation_pk": d["invitation"].pk,
    }


def _application(world: Any) -> Any:
    """ent_a's application to the world's institution, awaiting its decision."""
    from qualitas.core.access import actor_for
    from qualitas.evaluation import services
    from qualitas.evaluation.models import Application

    app = Application.objects.filter(enterprise=world.ent_a).first()
    if app is None:
        app = services.application_submit(
            actor=actor_for(world.users["enterprise"]), institution=world.institution
        )
    return app


LOGGED_IN = only(
    (
        "enterprise",
        "other_enterprise",
        "evaluator",
        "institution_manager",
        "reviewer",
        "authority",
        "admin",
    ),
    other=404,
    public=302,
)
POST_ONLY = only({}, other=405, public=302)
ENTERPRISES = only(("enterprise", "other_enterprise"), other=404, public=302)
AUTHORITIES = only(("authority", "admin"), other=404, public=302)
# ent_a's submitted self-assessment: its own users, Zhejiang's authority, admins
OWN_ASSESSMENT = only(("enterprise", "authority", "admin"), other=404, public=302)
# the published result: the enterprise, the institution's staff and team, the region's authority
RESULT = only(
    ("enterprise", "evaluator", "institution_manager", "reviewer", "authority", "admin"),
    other=404,
    public=302,
)
PDF = (
    RESULT
    if shutil.which("chromium")
    else only({}, other=404, public=302)
    | dict.fromkeys(
        ("enterprise", "evaluator", "institution_manager", "reviewer", "authority", "admin"), 302
    )
)
# the self-assessment report as PDF: those who see the report; without Chromium, sent back to it
REPORT_PDF = (
    OWN_ASSESSMENT
    if shutil.which("chromium")
    else only({}, other=404, public=302) | dict.fromkeys(("enterprise", "authority", "admin"), 302)
)
# a result's report as PDF (any status the viewer may see)
RESULT_REPORT_PDF = (
    RESULT
    if shutil.which("chromium")
    else only({}, other=404, public=302)
    | dict.fromkeys(
        ("enterprise", "evaluator", "institution_manager", "reviewer", "authority", "admin"), 302
    )
)

PAGES = {
    "evaluation:home": 302,  # to each role's starting page (public: the login page)
    "evaluation:frameworks": 200,
    "evaluation:framework": 200,
    "evaluation:framework_export": 200,
    "evaluation:self": ENTERPRISES,
    "evaluation:self_start": POST_ONLY,
    # submitted: those who may see it are sent on to the report
    "evaluation:questionnaire": only(
        {"enterprise": 302, "authority": 302, "admin": 302}, other=404, public=302
    ),
    "evaluation:answer": POST_ONLY,
    "evaluation:evidence": POST_ONLY,
    "evaluation:self_submit": POST_ONLY,
    "evaluation:report": OWN_ASSESSMENT,
    "evaluation:report_pdf": REPORT_PDF,
    # enterprises their own applications, the institution's manager its inbox, authorities
    # their regions' (read-only), admins all
    "evaluation:applications": only(
        ("enterprise", "other_enterprise", "institution_manager", "authority", "admin"),
        other=404,
        public=302,
    ),
    "evaluation:application_new": ENTERPRISES,
    "evaluation:campaigns": only(
        ("institution_manager", "reviewer", "authority", "admin"), other=404, public=302
    ),
    "evaluation:campaign_new": AUTHORITIES,
    "evaluation:campaign": only(
        ("institution_manager", "reviewer", "authority", "admin"), other=404, public=302
    ),
    "evaluation:assignments": only(
        ("evaluator", "institution_manager", "reviewer", "admin"), other=404, public=302
    ),
    "evaluation:assignment": only(
        ("evaluator", "institution_manager", "reviewer", "authority", "admin"),
        other=404,
        public=302,
    ),
    # only the evaluators on the team open the scoring form
    "evaluation:score": only(("evaluator",), other=404, public=302),
    "evaluation:score_save": POST_ONLY,
    "evaluation:coi": only(("evaluator",), other=404, public=302),
    "evaluation:results": LOGGED_IN
    | dict.fromkeys(
        (
            "enterprise",
            "other_enterprise",
            "evaluator",
            "institution_manager",
            "reviewer",
            "authority",
            "partner",
            "admin",
        ),
        200,
    ),
    "evaluation:results_export": LOGGED_IN
    | dict.fromkeys(
        (
            "enterprise",
            "other_enterprise",
            "evaluator",
            "institution_manager",
            "reviewer",
            "authority",
            "partner",
            "admin",
        ),
        200,
    ),
    "evaluation:campaign_export": only(
        ("institution_manager", "reviewer", "authority", "admin"), other=404, public=302
    ),
    "evaluation:assignments_export": only(
        ("evaluator", "institution_manager", "reviewer", "admin"), other=404, public=302
    ),
    "evaluation:distribution_export": AUTHORITIES,
    "evaluation:results_bulk": POST_ONLY,
    "evaluation:results_import": AUTHORITIES,
    "evaluation:result": RESULT,
    "evaluation:certificate": RESULT,
    "evaluation:certificate_pdf": PDF,
    "evaluation:result_report_pdf": RESULT_REPORT_PDF,
    "evaluation:chain": ENTERPRISES,
    "evaluation:dashboard": AUTHORITIES,
    "evaluation:target_set": POST_ONLY,
    "evaluation:gates": AUTHORITIES,
    "evaluation:verify_form": 200,
    "evaluation:verify": 200,
}

API_LOGGED_IN = only(
    (
        "enterprise",
        "other_enterprise",
        "evaluator",
        "institution_manager",
        "reviewer",
        "authority",
        "partner",
        "admin",
    ),
    other=401,
)
API_OWN_ASSESSMENT = only(("enterprise", "authority", "admin"), other=404, public=401)
API_RESULT = only(
    ("enterprise", "evaluator", "institution_manager", "reviewer", "authority", "admin"),
    other=404,
    public=401,
)
API_AUTHORITIES = only(("authority", "admin"), other=404, public=401)

API = {
    "GET /api/evaluation/frameworks": 200,
    "GET /api/evaluation/frameworks/{framework_pk}": 200,
    "GET /api/evaluation/assessments": API_LOGGED_IN,
    "GET /api/evaluation/assessments/{assessment_pk}": API_OWN_ASSESSMENT,
    "GET /api/evaluation/assessments/{assessment_pk}/answers": API_OWN_ASSESSMENT,
    "GET /api/evaluation/assessments/{assessment_pk}/report": API_OWN_ASSESSMENT,
    "GET /api/evaluation/applications": API_LOGGED_IN,
    # ent_a's application: its users, the institution's manager, Zhejiang's authority, admins
    "GET /api/evaluation/applications/{application_pk}": only(
        ("enterprise", "institution_manager", "authority", "admin"), other=404, public=401
    ),
    # the matrix's assignment comes from a campaign: it has no document review
    "GET /api/evaluation/assignments/{assignment_pk}/document-review": only(
        {}, other=404, public=401
    ),
    "GET /api/evaluation/campaigns": API_LOGGED_IN,
    "GET /api/evaluation/campaigns/{campaign_pk}/progress": only(
        ("institution_manager", "reviewer", "authority", "admin"), other=404, public=401
    ),
    "GET /api/evaluation/assignments": API_LOGGED_IN,
    "GET /api/evaluation/results": API_LOGGED_IN,
    "GET /api/evaluation/results/{result_pk}": API_RESULT,
    "GET /api/evaluation/results/{result_pk}/report": API_RESULT,
    "GET /api/evaluation/certificates/{cert_code}": 200,
    "GET /api/evaluation/chain": only(("enterprise", "other_enterprise"), other=404, public=401),
    "GET /api/evaluation/stats/levels": API_AUTHORITIES,
    "GET /api/evaluation/stats/targets": API_AUTHORITIES,
    "GET /api/evaluation/stats/consistency": API_AUTHORITIES,
}
