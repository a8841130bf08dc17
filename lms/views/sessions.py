"""Sessions, attendance and calendar feeds (routes listed in ``urlpatterns``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
