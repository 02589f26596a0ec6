from django.urls import path

from qualitas.traceability import epcis, views

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
]
