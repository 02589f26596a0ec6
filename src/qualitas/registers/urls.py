from django.urls import path

from qualitas.registers.views import cases, knowledge, labs, reports

app_name = "registers"
urlpatterns = [
    path("registers/laboratories/", labs.public_list, name="laboratories"),
    path("registers/laboratories/<int:lab_pk>/", labs.detail, name="laboratory"),
    path("registers/desk/laboratories/", labs.desk, name="lab_desk"),
    path("registers/desk/laboratories/new/", labs.edit, name="lab_new"),
    path("registers/desk/laboratories/<int:lab_pk>/edit/", labs.edit, name="lab_edit"),
    path("registers/cases/", cases.public_list, name="cases"),
    path("registers/cases/<int:case_pk>/", cases.detail, name="case"),
    path("registers/desk/cases/", cases.desk, name="case_desk"),
    path("registers/desk/cases/new/", cases.edit, name="case_new"),
    path("registers/desk/cases/<int:case_pk>/edit/", cases.edit, name="case_edit"),
    path("registers/qa/", knowledge.public_list, name="qa"),
    path("registers/desk/qa/", knowledge.desk, name="qa_desk"),
    path("registers/summaries/", reports.summaries, name="summaries"),
    path("registers/summaries/<int:summary_pk>/", reports.summary, name="summary"),
    path(
        "registers/summaries/<int:summary_pk>/figures.<str:fmt>",
        reports.summary_export,
        name="summary_export",
    ),
    path(
        "registers/summaries/<int:summary_pk>/summary.pdf", reports.summary_pdf, name="summary_pdf"
    ),
    path("registers/plans/<int:plan_pk>/", reports.plan, name="plan"),
    path("registers/desk/reports/", reports.desk, name="report_desk"),
    path("registers/desk/plans/new/", reports.plan_new, name="plan_new"),
]
