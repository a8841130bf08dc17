"""Every WebSocket route of the plugin, for the host's ASGI application. Mount them under the
same prefix as ``launch.urls`` (their paths start with ``ws/``, which ``{% url 'launch_sockets'
%}`` names)::

    URLRouter([path("programme/", URLRouter(websocket_urlpatterns))])
"""

from django.urls import URLPattern, URLResolver

from coaching.routing import websocket_urlpatterns as coaching_routes
from forums.routing import websocket_urlpatterns as forum_routes
from lms.notifications.routing import websocket_urlpatterns as notification_routes
from lms.probe import websocket_urlpatterns as probe_routes

websocket_urlpatterns: list[URLPattern | URLResolver] = [
    *coaching_routes,
    *forum_routes,
    *notification_routes,
    *probe_routes,
]
