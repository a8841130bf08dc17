"""Cohort sessions, attendance and calendar feeds: the writes (``services``), the reads
(``selectors``) and the iCalendar files (``calendar``) behind ``lms.views.sessions``."""
