"""Entry points started without DJANGO_SETTINGS_MODULE never run on development settings.

An operator who follows the scale-out steps literally (DATABASE_URL set, nothing else) gets
production settings, which refuse to start and say what to set; once configured, they run with
DEBUG off and the operator's secret key.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECRET = "s" * 60
# A throwaway Ed25519 issuer secret in Multikey form (never used to sign anything).
ISSUER_KEY_CODE = (
    "from evidence.credentials import generate_signing_key as g; print(g().secret_multibase())"
)


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "LAUNCH_", "ALLOWED_HOSTS", "REDIS_URL"))
    }
    env["DATABASE_URL"] = "postgres://launch:secret@127.0.0.1:9/launch"
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.fixture(scope="module")
def issuer_key() -> str:
    return _run(["-c", ISSUER_KEY_CODE], _env()).stdout.strip()


@pytest.mark.parametrize(
    "entry",
    [
        ["manage.py", "check"],
        ["-m", "uvicorn", "config.asgi:application", "--port", "0", "--lifespan", "off"],
        ["-m", "celery", "-A", "config", "worker", "--pool", "solo", "--without-mingle"],
    ],
    ids=["management-command", "asgi-app", "celery-worker"],
)
def test_an_unconfigured_entry_point_refuses_and_says_what_to_set(entry: list[str]) -> None:
    result = _run(entry, _env())
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr + result.stdout
    assert "dev-only-insecure-key" not in result.stderr + result.stdout


def test_each_missing_production_setting_is_named(issuer_key: str) -> None:
    cases = [
        ({}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": SECRET}, "ALLOWED_HOSTS"),
        ({"DJANGO_SECRET_KEY": SECRET, "ALLOWED_HOSTS": "launch.example.org"}, "LAUNCH_ISSUER_KEY"),
        (
            {
                "DJANGO_SECRET_KEY": SECRET,
                "ALLOWED_HOSTS": "launch.example.org",
                "LAUNCH_ISSUER_KEY_FILE": "/nonexistent/issuer.secret",
            },
            "LAUNCH_ISSUER_KEY_FILE",
        ),
    ]
    for extra, named in cases:
        result = _run(["manage.py", "check"], _env(**extra))
        assert result.returncode != 0, extra
        assert named in result.stderr, (extra, result.stderr[-500:])


def test_configured_entry_points_run_production_safe(issuer_key: str) -> None:
    env = _env(
        DJANGO_SECRET_KEY=SECRET, ALLOWED_HOSTS="launch.example.org", LAUNCH_ISSUER_KEY=issuer_key
    )
    code = (
        "import config.celery, config.asgi; from django.conf import settings; "
        f"print(settings.SETTINGS_MODULE, settings.DEBUG, settings.SECRET_KEY == {SECRET!r}, "
        "settings.ALLOWED_HOSTS)"
    )
    result = _run(["-c", code], env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == [
        "config.settings.production",
        "False",
        "True",
        "['launch.example.org']",
    ]
    # The first install's steps before the key exists (migrate, create_issuer_key) may run
    # without it; nothing else does.
    del env["LAUNCH_ISSUER_KEY"]
    for command in ("migrate", "create_issuer_key"):
        result = _run(["manage.py", command, "--help"], env)
        assert result.returncode == 0, result.stderr[-2000:]
    result = _run(["manage.py", "shell", "-c", "pass"], env)
    assert result.returncode != 0
    assert "LAUNCH_ISSUER_KEY" in result.stderr
