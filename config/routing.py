"""WebSocket routes of every app, gathered for the ASGI application."""

from django.urls import URLPattern

from coaching.routing import websocket_urlpatterns as coaching_routes
from forums.routing import websocket_urlpatterns as forum_routes
from lms.notifications.routing import websocket_urlpatterns as notification_routes
from lms.probe import websocket_urlpatterns as probe_routes

websocket_urlpatterns: list[URLPattern] = [
    *coaching_routes,
    *forum_routes,
    *notification_routes,
    *probe_routes,
]
