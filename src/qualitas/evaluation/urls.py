from django.urls import path

from qualitas.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("evaluation/", views.home, name="home"),
    path("evaluation/frameworks/", views.frameworks, name="frameworks"),
    path("evaluation/frameworks/<int:framework_pk>/", views.framework_detail, name="framework"),
    path(
        "evaluation/frameworks/<int:framework_pk>/export.<str:framework_fmt>",
        views.framework_export,
        name="framework_export",
    ),
    path("evaluation/self/", views.self_home, name="self"),
    path("evaluation/self/start/", views.self_start, name="self_start"),
    path("evaluation/self/<int:assessment_pk>/", views.questionnaire, name="questionnaire"),
    path("evaluation/self/<int:assessment_pk>/answer/<int:req_pk>/", views.answer, name="answer"),
    path(
        "evaluation/self/<int:assessment_pk>/evidence/<int:req_pk>/",
        views.evidence_add,
        name="evidence",
    ),
    path("evaluation/self/<int:assessment_pk>/submit/", views.self_submit, name="self_submit"),
    path("evaluation/self/<int:assessment_pk>/report/", views.report, name="report"),
    path("evaluation/self/<int:assessment_pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("evaluation/applications/", views.applications, name="applications"),
    path("evaluation/applications/new/", views.application_new, name="application_new"),
    path("evaluation/campaigns/", views.campaigns, name="campaigns"),
    path("evaluation/campaigns/new/", views.campaign_new, name="campaign_new"),
    path("evaluation/campaigns/<int:campaign_pk>/", views.campaign_detail, name="campaign"),
    path(
        "evaluation/campaigns/<int:campaign_pk>/export.<str:fmt>",
        views.campaign_export,
        name="campaign_export",
    ),
    path("evaluation/assignments/", views.assignments, name="assignments"),
    path(
        "evaluation/assignments/export.<str:fmt>",
        views.assignments_export,
        name="assignments_export",
    ),
    path("evaluation/assignments/<int:assignment_pk>/", views.assignment_detail, name="assignment"),
    path("evaluation/assignments/<int:assignment_pk>/score/", views.score_form, name="score"),
    path(
        "evaluation/assignments/<int:assignment_pk>/score/<int:req_pk>/",
        views.score_save,
        name="score_save",
    ),
    path("evaluation/coi/", views.coi, name="coi"),
    path("evaluation/results/", views.results, name="results"),
    path("evaluation/results/export.<str:fmt>", views.results_export, name="results_export"),
    path("evaluation/results/bulk/", views.results_bulk, name="results_bulk"),
    path("evaluation/results/import/", views.results_import, name="results_import"),
    path("evaluation/results/<int:result_pk>/", views.result_detail, name="result"),
    path("evaluation/results/<int:result_pk>/certificate/", views.certificate, name="certificate"),
    path(
        "evaluation/results/<int:result_pk>/certificate.pdf",
        views.certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "evaluation/results/<int:result_pk>/report.pdf",
        views.result_report_pdf,
        name="result_report_pdf",
    ),
    path("evaluation/chain/", views.chain, name="chain"),
    path("evaluation/dashboard/", views.dashboard, name="dashboard"),
    path(
        "evaluation/dashboard/export.<str:fmt>",
        views.distribution_export,
        name="distribution_export",
    ),
    path("evaluation/targets/", views.target_set, name="target_set"),
    path("evaluation/gates/", views.gates, name="gates"),
    path("verify/", views.verify, name="verify_form"),
    path("verify/<str:cert_code>/", views.verify, name="verify"),
]
