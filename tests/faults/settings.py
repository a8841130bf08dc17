"""Settings of the fault suite's subprocesses (Celery worker, uvicorn, a crashing writer).

The test host's settings, plus: the test-only outbox handlers (``tests.faults.handlers``) imported
by the worker, a short Redis visibility timeout checked every second (a task whose worker
was killed is delivered again within seconds instead of an hour), three attempts before
parking, emails written as files into ``FAULTS_MAIL_DIR`` (what was sent, for comparing
with the database) and private media and upload temporary files in directories the test
owns.
"""

import os

from tests.settings import *  # noqa: F403

CELERY_IMPORTS = ("tests.faults.handlers",)
# kombu looks for unacknowledged messages older than the visibility timeout when a worker
# starts and then only every interval x throttle seconds (100 s by default): every second here.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 4,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
LAUNCH_OUTBOX_MAX_ATTEMPTS = 3
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("FAULTS_MAIL_DIR", "/nonexistent-faults-mail")
if os.environ.get("FAULTS_PRIVATE_ROOT"):
    LAUNCH_PRIVATE_MEDIA_ROOT = os.environ["FAULTS_PRIVATE_ROOT"]
if os.environ.get("FAULTS_UPLOAD_TMP"):
    FILE_UPLOAD_TEMP_DIR = os.environ["FAULTS_UPLOAD_TMP"]
