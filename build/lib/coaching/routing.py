"""WebSocket routes of coaching, gathered by launch.routing."""

from django.urls import URLPattern, path

from .consumers import CoachQueueConsumer, ThreadConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/coaching/threads/<id:thread_id>/", ThreadConsumer.as_asgi()),
    path("ws/coaching/queue/", CoachQueueConsumer.as_asgi()),
]
