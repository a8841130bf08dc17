"""URL map of the test host: the plugin's one include (``launch.urls``) at the root, as the demo
host mounts it, its public credential URLs, and Wagtail's admin, documents and page tree.
Every named route here has an entry in tests/policy/ (tests/test_authorization_matrix.py)."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.health import healthz

urlpatterns = [
    # The host's health check (the demo host's view: the tests of /healthz use it here too).
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("launch.urls")),
    path("", include("launch.public_urls")),
    # Wagtail's page tree (programme and modules) comes last: it matches any remaining path.
    path("", include(wagtail_urls)),
]

handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
