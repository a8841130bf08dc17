"""The test host's ASGI application: HTTP through Django, the plugin's WebSocket routes
through Channels, with the same origin check and session auth as the demo host's
``config.asgi`` (the live-socket, upload and browser tests run against it)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.origins import SiteOriginValidator  # noqa: E402
from launch.routing import websocket_urlpatterns  # noqa: E402
from lms import heartbeats  # noqa: E402
from lms.checks import assert_channel_layer_fits_processes  # noqa: E402

assert_channel_layer_fits_processes()


application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SiteOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

heartbeats.start("web")
