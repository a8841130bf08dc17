"""Invitations to join a cohort: the writes and outbox handlers (``services``) and the
signed links and reads (``selectors``)."""
