"""Every HTTP route of the plugin, for one include under any prefix::

    path("programme/", include("launch.urls"))

Nothing here assumes it owns ``/``: pages link with ``{% url %}`` / ``reverse()``. The public
credential URLs are a separate include (``launch.public_urls``), and error handlers are the
host's choice.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path

from coaching import urls as coaching_urls
from evidence import urls as evidence_urls
from forums import urls as forum_urls
from lms import urls as lms_urls
from lms.accounts import urls as account_urls


def sockets(request: HttpRequest) -> HttpResponse:
    """Not a page: names where the WebSocket routes (``launch.routing``) sit under the
    prefix, so templates can write ``{% url 'launch_sockets' %}forums/<id>/``."""
    raise Http404


urlpatterns = [
    path("accounts/", include(account_urls)),
    path("learn/", include(lms_urls)),
    path("evidence/", include(evidence_urls)),
    path("coaching/", include(coaching_urls)),
    path("forums/", include(forum_urls)),
    path("ws/", sockets, name="launch_sockets"),
]
