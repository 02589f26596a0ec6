from django.urls import path

from qualitas.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("evaluation/", views.home, name="home"),
    path("evaluation/frameworks/", views.frameworks, name="frameworks"),
    path("evaluation/frameworks/<int:pk>/", views.framework_detail, name="framework"),
    path(
        "evaluation/frameworks/<int:pk>/export.<str:fmt>",
        views.framework_export,
        name="framework_export",
    ),
    path("evaluation/self/", views.self_home, name="self"),
    path("evaluation/self/start/", views.self_start, name="self_start"),
    path("evaluation/self/<int:pk>/", views.questionnaire, name="questionnaire"),
    path("evaluation/self/<int:pk>/answer/<int:rid>/", views.answer, name="answer"),
    path("evaluation/self/<int:pk>/evidence/<int:rid>/", views.evidence_add, name="evidence"),
    path("evaluation/self/<int:pk>/submit/", views.self_submit, name="self_submit"),
    path("evaluation/self/<int:pk>/report/", views.report, name="report"),
    path("evaluation/campaigns/", views.campaigns, name="campaigns"),
    path("evaluation/campaigns/new/", views.campaign_new, name="campaign_new"),
    path("evaluation/campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("evaluation/assignments/", views.assignments, name="assignments"),
    path("evaluation/assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("evaluation/assignments/<int:pk>/score/", views.score_form, name="score"),
    path("evaluation/assignments/<int:pk>/score/<int:rid>/", views.score_save, name="score_save"),
    path("evaluation/coi/", views.coi, name="coi"),
    path("evaluation/results/", views.results, name="results"),
    path("evaluation/results/<int:pk>/", views.result_detail, name="result"),
    path("evaluation/results/<int:pk>/certificate/", views.certificate, name="certificate"),
    path(
        "evaluation/results/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"
    ),
    path("evaluation/chain/", views.chain, name="chain"),
    path("evaluation/dashboard/", views.dashboard, name="dashboard"),
    path("evaluation/targets/", views.target_set, name="target_set"),
    path("evaluation/gates/", views.gates, name="gates"),
    path("verify/", views.verify, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
