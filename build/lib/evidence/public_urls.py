"""Public routes of evidence mounted at the site root by config.urls: credential
verification pages, their JSON-LD, status lists and the issuer's DID document."""

from django.urls import URLPattern, path

from .views import badges

app_name = "credentials"

urlpatterns: list[URLPattern] = [
    path(".well-known/did.json", badges.did_json, name="did"),
    path("credentials/status/<id:pk>.json", badges.status_list, name="status_list"),
    path("credentials/<uuid:uuid>/", badges.credential_page, name="page"),
    path("credentials/<uuid:uuid>.json", badges.credential_json, name="json"),
    path("credentials/<uuid:uuid>/badge.png", badges.badge_png, name="badge_png"),
    path("credentials/<uuid:uuid>/badge.svg", badges.badge_svg, name="badge_svg"),
    path("credentials/<uuid:uuid>/qr.svg", badges.qr_svg, name="qr"),
]
