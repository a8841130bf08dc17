"""Routes of evidence, mounted under /evidence/ by config.urls."""

from django.urls import URLPattern

app_name = "evidence"

urlpatterns: list[URLPattern] = []
