"""URL map of the demo host. Every named route here has an entry in tests/policy/.

The plugin is one include (``launch.urls``), mounted at the root so its URLs read as before;
the public credential URLs (``launch.public_urls``), Wagtail's admin, documents and page tree,
the health check and the error pages are this host's own."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("launch.urls")),
    path("", include("launch.public_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree (programme and modules) comes last: it matches any remaining path.
urlpatterns += [path("", include(wagtail_urls))]

handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
