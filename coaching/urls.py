"""Routes of coaching, mounted under /coaching/ by config.urls."""

from django.urls import URLPattern

app_name = "coaching"

urlpatterns: list[URLPattern] = []
