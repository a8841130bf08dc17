"""WebSocket routes of coaching, gathered by config.routing."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
