"""The coordinator's cohort dashboard and roster export (routes listed in ``urlpatterns``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
