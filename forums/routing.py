"""WebSocket routes of forums, gathered by config.routing."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
