"""ASGI entry point: HTTP through Django, WebSockets through Channels.

Refuses to start with the in-memory channel layer when more than one web process is
configured (``LAUNCH_WEB_CONCURRENCY`` > 1): sockets in one process would never hear events sent
from another.
"""

import os

from django.core.asgi import get_asgi_application

# No development fallback: production settings refuse to start until the site is configured.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
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
        # Scheme, host and port of the page must be the site's (config.origins).
        "websocket": SiteOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# This web process says it is alive (/healthz, and restore_site refuses to run beside it).
heartbeats.start("web")
