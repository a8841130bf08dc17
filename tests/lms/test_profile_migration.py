"""The move of the per-person fields from ``lms.User`` to ``lms.Profile`` loses nothing: run on
a copy of the demo database (seeded, with every field set for someone), backwards to the
columns on the user and forwards again, each step compared value by value."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BEFORE = "0017_seed_code_of_ethics"
PROFILES = (
    "SELECT user_id, school, last_activity_at, calendar_key, current_cohort_id FROM lms_profile"
)
ON_USERS = "SELECT id, school, last_activity_at, calendar_key, current_cohort_id FROM lms_user"

pytestmark = pytest.mark.embedded


def _manage(db: Path, *args: str) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SQLITE_PATH": str(db),
        "MEDIA_ROOT": str(db.parent / "media"),
        "PRIVATE_MEDIA_ROOT": str(db.parent / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return sorted(connection.execute(sql).fetchall(), key=repr)


def test_values_survive_the_move_to_profiles_and_back(tmp_path):
    db = tmp_path / "demo.sqlite3"
    _manage(db, "migrate", "--noinput")
    _manage(db, "seed_demo")
    # Everyone in the demo gets a value in every field, so a dropped column would show.
    with sqlite3.connect(db) as connection:
        cohort = connection.execute("SELECT min(id) FROM lms_cohort").fetchone()[0]
        for (user_id,) in connection.execute("SELECT id FROM lms_user").fetchall():
            connection.execute(
                "INSERT INTO lms_profile (user_id, school, calendar_key) VALUES (?, '', ?)"
                " ON CONFLICT (user_id) DO NOTHING",
                (user_id, f"key-{user_id}"),
            )
        connection.execute(
            "UPDATE lms_profile SET school = 'School ' || user_id,"
            " last_activity_at = '2026-11-0' || (user_id % 9 + 1) || ' 10:00:00',"
            " calendar_key = coalesce(calendar_key, 'key-' || user_id),"
            " current_cohort_id = ?",
            (cohort,),
        )
    profiles = _rows(db, PROFILES)
    assert len(profiles) >= 9 and all(all(row) for row in profiles)

    _manage(db, "migrate", "lms", BEFORE, "--noinput")
    on_users = _rows(db, ON_USERS)
    assert on_users == profiles
    tables = {r[0] for r in _rows(db, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert "lms_profile" not in tables

    _manage(db, "migrate", "--noinput")
    assert _rows(db, PROFILES) == profiles
    columns = {r[1] for r in _rows(db, "PRAGMA table_info(lms_user)")}
    assert not columns & {"school", "last_activity_at", "calendar_key", "current_cohort_id"}
    # The demo still signs in and lists its people after the round trip.
    out = _manage(
        db,
        "shell",
        "-c",
        "import json; from lms.people import school_of, person_by_email; "
        "u = person_by_email('maria@launch.example'); print(json.dumps(school_of(u)))",
    )
    assert json.loads(out.strip().splitlines()[-1]).startswith("School ")
