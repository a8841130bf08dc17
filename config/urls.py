"""URL map of the site. Every named route here has an entry in tests/policy/."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from coaching import urls as coaching_urls
from evidence import public_urls as evidence_public_urls
from evidence import urls as evidence_urls
from forums import urls as forum_urls
from lms import urls as lms_urls
from lms.accounts import urls as account_urls

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include(account_urls)),
    path("learn/", include(lms_urls)),
    path("evidence/", include(evidence_urls)),
    path("coaching/", include(coaching_urls)),
    path("forums/", include(forum_urls)),
    path("", include(evidence_public_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree (programme and modules) comes last: it matches any remaining path.
urlpatterns += [path("", include(wagtail_urls))]

handler403 = "lms.views.errors.permission_denied"
handler404 = "lms.views.errors.page_not_found"
handler500 = "lms.views.errors.server_error"
