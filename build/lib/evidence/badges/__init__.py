"""The badge: achievements, awarding, issuance, revocation, renewal reminders, public reads.

The Open Badges 3.0 part of evidence with the database, the issuer's keys and the outbox
(the pure credential code, build, sign, verify and bake, is in ``evidence.credentials``):

* :mod:`.issuer`: the issuer's addresses, keys and profile;
* :mod:`.services`: awarding, issuance, revocation, renewal reminders;
* :mod:`.selectors`: permission-aware reads;
* :mod:`.verification`: verifying stored credentials;
* :mod:`.receivers`: the signals, connected from ``EvidenceConfig.ready``.
"""
