"""In-app notifications: the bell in the header, ``/learn/notifications/``, live counts.

Apps tell people about events by calling :func:`lms.notifications.services.notify` from
where the event already happens (inside its transaction or from its outbox effect). The
header reads the unread count from the cache (:func:`selectors.bell_for`); open pages hear
changes over ``/ws/notifications/`` (``lms.live``: stored first, per-recipient sequence,
replay on resume). ``mailbox`` is the development email backend and its reader.
"""
