"""Production's outgoing mail: Django 6.1's MAILERS built from the EMAIL_* environment variables.

SMTP by default with a timeout (a hung mail server cannot hold a worker), STARTTLS or implicit
TLS but never both, and no deprecated EMAIL_* setting left beside MAILERS. Each case loads the
production settings in a fresh interpreter with its own environment, as an operator's would.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "s" * 60
# A throwaway issuer secret, so that the settings load (never used to sign anything).
ISSUER_KEY_CODE = (
    "from evidence.credentials import generate_signing_key as g; print(g().secret_multibase())"
)
SHOW_MAILERS = (
    "import json, warnings; warnings.simplefilter('error');"
    "from django.conf import settings; from django.core import mail;"
    "backend = mail.mailers.default;"
    "print(json.dumps({'mailers': settings.MAILERS, 'backend': type(backend).__module__,"
    " 'timeout': getattr(backend, 'timeout', None),"
    " 'deprecated': sorted(n for n in ('EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_USE_TLS')"
    " if settings.is_overridden(n))}))"
)


def _run(code: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "LAUNCH_", "ALLOWED_HOSTS", "EMAIL_", "DATABASE_URL"))
        and k not in {"REDIS_URL", "DEFAULT_FROM_EMAIL"}
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production")
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


_issuer_key: list[str] = []


def _mail(**extra: str) -> dict:
    if not _issuer_key:
        _issuer_key.append(_run(ISSUER_KEY_CODE).stdout.strip())
    result = _run(
        SHOW_MAILERS,
        DJANGO_SECRET_KEY=SECRET,
        ALLOWED_HOSTS="launch.example.org",
        LAUNCH_ISSUER_KEY=_issuer_key[0],
        **extra,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def _refusal(**extra: str) -> str:
    result = _run(
        "from django.conf import settings; settings.MAILERS",
        DJANGO_SECRET_KEY=SECRET,
        ALLOWED_HOSTS="launch.example.org",
        LAUNCH_ISSUER_KEY="unused-the-settings-refuse-first",
        **extra,
    )
    assert result.returncode != 0
    return result.stderr


def test_smtp_with_starttls_and_a_timeout_by_default() -> None:
    shown = _mail(EMAIL_HOST="smtp.example.org", EMAIL_HOST_USER="launch", EMAIL_HOST_PASSWORD="pw")
    assert shown["mailers"] == {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "smtp.example.org",
                "port": 587,
                "username": "launch",
                "password": "pw",
                "use_tls": True,
                "use_ssl": False,
                "timeout": 10.0,
            },
        }
    }
    # The mailer Django builds from it (no deprecation warning: warnings are errors here).
    assert shown["backend"] == "django.core.mail.backends.smtp"
    assert shown["timeout"] == 10.0
    # MAILERS only: none of the deprecated EMAIL_* settings is defined beside it.
    assert shown["deprecated"] == []


def test_implicit_tls_timeout_and_port_from_the_environment() -> None:
    options = _mail(EMAIL_USE_SSL="true", EMAIL_TIMEOUT="2.5")["mailers"]["default"]["OPTIONS"]
    assert (options["use_ssl"], options["use_tls"], options["port"]) == (True, False, 465)
    assert options["timeout"] == 2.5
    options = _mail(EMAIL_USE_TLS="false", EMAIL_PORT="25")["mailers"]["default"]["OPTIONS"]
    assert (options["use_ssl"], options["use_tls"], options["port"]) == (False, False, 25)


def test_another_backend_from_email_backend_takes_no_smtp_options() -> None:
    shown = _mail(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    assert shown["mailers"] == {
        "default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend", "OPTIONS": {}}
    }
    assert shown["backend"] == "django.core.mail.backends.dummy"


def test_both_tls_and_ssl_are_refused_with_what_to_set() -> None:
    stderr = _refusal(EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")
    assert "ImproperlyConfigured" in stderr
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL are both on" in stderr


def test_a_timeout_that_is_not_a_positive_number_is_refused() -> None:
    for value in ("0", "soon", "-1"):
        assert "EMAIL_TIMEOUT must be a number of seconds above 0" in _refusal(EMAIL_TIMEOUT=value)
