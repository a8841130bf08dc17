"""A host that mounts the plugin under a prefix (tests/lms/test_plugin_prefix.py)."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("cms/", include(wagtailadmin_urls)),
    path("programme/", include("launch.urls")),
    path("", include("launch.public_urls")),
    path("pages/", include(wagtail_urls)),
]
