from django.urls import path

from qualitas.supervision import views

app_name = "supervision"
urlpatterns = [
    path("spot-checks/", views.results, name="results"),
    path("spot-checks/rules/", views.rules, name="rules"),
    path("spot-checks/rules/<int:rule_pk>/", views.rule, name="rule"),
    path("spot-checks/methodology/", views.methodology, name="methodology"),
    path("spot-checks/<int:campaign_pk>/", views.result, name="result"),
    path("spot-checks/<int:campaign_pk>/frame.csv", views.frame, name="frame"),
    path("spot-checks/<int:campaign_pk>/<str:table>.<str:fmt>", views.export, name="export"),
    path("supervision/campaigns/", views.campaigns, name="campaigns"),
    path("supervision/campaigns/new/", views.campaign_new, name="campaign_new"),
    path("supervision/campaigns/<int:campaign_pk>/", views.campaign, name="campaign"),
    path("supervision/samples/", views.my_samples, name="my_samples"),
    path("supervision/samples/<int:sample_pk>/", views.sample, name="sample"),
]
