from django.urls import path

from qualitas.traceability import epcis, recall_views, views

app_name = "traceability"
urlpatterns = [
    # the EPCIS 2.0 REST binding (JSON-LD), paths as the standard names them
    path("epcis/capture", epcis.capture, name="epcis_capture"),
    path("epcis/capture/<str:capture_id>", epcis.capture_status, name="epcis_capture_status"),
    path("epcis/events", epcis.events, name="epcis_events"),
    path("epcis/events/<path:event_id>", epcis.event, name="epcis_event"),
    path("epcis/queries", epcis.queries, name="epcis_queries"),
    path("epcis/queries/<str:name>", epcis.query, name="epcis_query"),
    path("epcis/queries/<str:name>/events", epcis.query_events, name="epcis_query_events"),
    path("epcis/queries/<str:name>/subscriptions", epcis.subscriptions, name="epcis_subscriptions"),
    # pages
    path("trace/", views.trace_page, name="trace"),
    # recalls: public notices, the recall desk
    path("recalls/", recall_views.recall_list, name="recalls"),
    path("recalls/feed.atom", recall_views.recall_feed, name="recall_feed"),
    path("recalls/effectiveness/", recall_views.recall_methodology, name="recall_methodology"),
    path("recalls/<int:recall_pk>/", recall_views.recall_notice, name="recall"),
    path("recalls/desk/", recall_views.recall_desk, name="recall_desk"),
    path("recalls/desk/new/", recall_views.recall_new, name="recall_new"),
    path("recalls/desk/<int:recall_pk>/", recall_views.recall_manage, name="recall_manage"),
    path(
        "recalls/desk/<int:recall_pk>/scope.<str:fmt>",
        recall_views.recall_scope_export,
        name="recall_scope_export",
    ),
]
