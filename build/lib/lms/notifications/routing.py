"""WebSocket route of the notification stream, gathered by launch.routing."""

from django.urls import URLPattern, path

from .consumers import NotificationsConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/notifications/", NotificationsConsumer.as_asgi()),
]
