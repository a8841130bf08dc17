"""The demo world behind ``make run`` and ``python manage.py seed_demo``: the LAUNCH! programme
and its modules (``content``), a regional cohort, people at different stages, and each app's
part (evidence, the badge, coaching, forums).

Only the demo host (``config``) installs it; the plugin's wheel does not carry it. It may import
every app; no app imports it (an import-linter contract).
"""
