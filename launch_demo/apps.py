"""The demo: seed data for the demo host, not part of the plugin."""

from django.apps import AppConfig


class LaunchDemoConfig(AppConfig):
    name = "launch_demo"
    label = "launch_demo"
    verbose_name = "LAUNCH! demo"
