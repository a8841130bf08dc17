"""Events of the evidence app, for other apps (the badge, coaching). All are sent after the
transaction that caused them commits.

* ``evidence_submitted``: ``version`` (a :class:`~evidence.models.SubmissionVersion`).
* ``evidence_accepted``: ``submission``, ``version`` and ``standards`` (the standards accepted
  at Proficient or above) when a version's final outcome is accepted.
* ``standard_proficient``: ``user``, ``standard``, ``level`` and ``version``, once per
  standard recorded as proficient.
"""

from django.dispatch import Signal

evidence_submitted = Signal()
evidence_accepted = Signal()
standard_proficient = Signal()
