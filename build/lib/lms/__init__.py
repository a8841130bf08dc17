"""The bottom layer: standards, programme and module pages, organisations, cohorts, enrolment,
progress, sessions, accounts and the audit log. Imports no other app of the product."""
