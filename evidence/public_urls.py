"""Public routes of evidence mounted at the site root by config.urls: credential
verification pages, their JSON-LD, status lists and the issuer's DID document."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
