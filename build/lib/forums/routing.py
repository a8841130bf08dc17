"""WebSocket routes of forums, gathered by launch.routing."""

from django.urls import URLPattern, path

from .consumers import ForumConsumer, TopicConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/forums/topics/<id:topic_id>/", TopicConsumer.as_asgi()),
    path("ws/forums/<id:forum_id>/", ForumConsumer.as_asgi()),
]
