"""Routes of forums, mounted under /forums/ by config.urls."""

from django.urls import URLPattern

app_name = "forums"

urlpatterns: list[URLPattern] = []
