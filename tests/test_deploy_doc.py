"""docs/deploy.md's install blocks, checked without servers (``make deploy-check`` runs them).

The environment file survives the shell that the doc uses to load it (``set -a; . FILE``), every
variable it sets is described in the doc's table, and production settings load from it.
"""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "deploy.md"


def _deploy_check():
    spec = importlib.util.spec_from_file_location(
        "deploy_check", ROOT / "tools" / "deploy_check.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


deploy_check = _deploy_check()
BLOCKS = deploy_check.doc_blocks()
SHELL_ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}


def test_every_step_the_check_runs_is_in_the_doc() -> None:
    assert set(deploy_check.REQUIRED_BLOCKS) <= set(BLOCKS)
    assert "CREATE ROLE launch LOGIN PASSWORD" in deploy_check.sql_of(BLOCKS["sql"])
    assert deploy_check.redis_password_of(BLOCKS["redis-conf"]).startswith("CHANGE-ME-")
    # A normal (not editable) install of the wheel built from the checkout.
    release = BLOCKS["release"]
    assert 'pip" wheel --quiet --no-deps' in release and "-e " not in release
    assert re.search(r'pip" install --quiet "\$REL"/dist/launch_lms-\*\.whl', release)
    setup = BLOCKS["setup"]
    for command in ("migrate", "create_issuer_key", "collectstatic", "check --deploy"):
        assert f"manage.py {command}" in setup
    for unit in ("unit-web", "unit-worker", "unit-beat"):
        workdir, command = deploy_check.unit_of(BLOCKS[unit])
        assert workdir == "/srv/launch/current"
        assert command.startswith("/srv/launch/current/.venv/bin/")


def test_the_env_file_reads_the_same_in_bash(tmp_path: Path) -> None:
    env_file = tmp_path / "env"
    env_file.write_text(BLOCKS["env"] + "\n")
    expected = deploy_check.env_assignments(BLOCKS["env"])
    loaded = deploy_check.source_with_bash(env_file, SHELL_ENV)
    assert {name: loaded.get(name) for name in expected} == expected
    assert loaded["DEFAULT_FROM_EMAIL"] == "LAUNCH! <launch@example.org>"


def test_unquoted_the_from_address_would_break_the_shell(tmp_path: Path) -> None:
    env_file = tmp_path / "env"
    env_file.write_text("DEFAULT_FROM_EMAIL=LAUNCH! <launch@example.org>\n")
    with pytest.raises(RuntimeError, match="bash cannot load"):
        deploy_check.source_with_bash(env_file, SHELL_ENV)
    with pytest.raises(ValueError, match="must be quoted"):
        deploy_check.env_assignments("DEFAULT_FROM_EMAIL=LAUNCH! <launch@example.org>")


def test_every_variable_of_the_env_file_is_described() -> None:
    text = DOC.read_text()
    table = text[text.index("## 3. Environment") : text.index("## 4. ")]
    described = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    missing = set(deploy_check.env_assignments(BLOCKS["env"])) - described
    assert not missing


def test_production_settings_load_from_the_env_file() -> None:
    values = deploy_check.env_assignments(BLOCKS["env"])
    values["DJANGO_SECRET_KEY"] = "k" * 60  # the doc's placeholder is refused (too short)
    values["LAUNCH_ISSUER_KEY"] = "unused"
    del values["LAUNCH_ISSUER_KEY_FILE"]
    code = (
        "from django.conf import settings; o = settings.MAILERS['default']['OPTIONS'];"
        "print(settings.DATABASES['default']['OPTIONS']['pool']['max_size'], o['timeout'],"
        " o['use_tls'], o['use_ssl'], settings.DEFAULT_FROM_EMAIL)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LAUNCH_"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, **values},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "10 10.0 True False LAUNCH! <launch@example.org>"
    # Left as in the doc, the secret key placeholder is refused, naming what to set.
    values["DJANGO_SECRET_KEY"] = "CHANGE-ME-secret-key"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, **values},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr
