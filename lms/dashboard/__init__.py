"""The coordinator's cohort dashboard: its reads (``selectors``), its CSV export
(``export``) and the inactivity reminders (``reminders``)."""
