"""URL map of the test host: the plugin's URL modules at the paths the demo host uses, plus
Wagtail's admin, documents and page tree. Every named route here has an entry in
tests/policy/ (tests/test_authorization_matrix.py)."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from coaching import urls as coaching_urls
from config.health import healthz
from evidence import public_urls as evidence_public_urls
from evidence import urls as evidence_urls
from forums import urls as forum_urls
from lms import urls as lms_urls
from lms.accounts import urls as account_urls

# The plugin's own URLs (one include once the plugin ships one: `path("", include(...))`).
plugin_urlpatterns = [
    path("accounts/", include(account_urls)),
    path("learn/", include(lms_urls)),
    path("evidence/", include(evidence_urls)),
    path("coaching/", include(coaching_urls)),
    path("forums/", include(forum_urls)),
    path("", include(evidence_public_urls)),
]

urlpatterns = [
    # The host's health check (the demo host's view: the tests of /healthz use it here too).
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    *plugin_urlpatterns,
    # Wagtail's page tree (programme and modules) comes last: it matches any remaining path.
    path("", include(wagtail_urls)),
]

handler403 = "lms.views.errors.permission_denied"
handler404 = "lms.views.errors.page_not_found"
handler500 = "lms.views.errors.server_error"
