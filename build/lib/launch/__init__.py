"""LAUNCH!, the host-facing glue of the plugin: what a Wagtail site adds to run it.

Nothing in the plugin's apps imports this package; a host does:

* ``INSTALLED_APPS += launch.INSTALLED_APPS`` (the plugin's apps and the third-party apps
  they need beside Wagtail's own),
* ``path("<any prefix>/", include("launch.urls"))`` in its URLconf, and the WebSocket routes
  ``launch.routing.websocket_urlpatterns`` under the same prefix in its ASGI application,
* optionally ``path("", include("launch.public_urls"))`` at the root for the public
  credential URLs (see that module),
* ``"lms.context_processors.launch"`` and ``"lms.context_processors.navigation"`` among its
  template context processors.
"""

INSTALLED_APPS: list[str] = [
    "lms",
    "evidence",
    "coaching",
    "forums",
    "wagtail.contrib.settings",
    "django_htmx",
    "channels",
]
