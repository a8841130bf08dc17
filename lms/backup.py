"""Backups of the whole site and the restore drill, for both profiles.

A backup is a directory holding:

* ``database.sqlite3`` (SQLite's online backup API: consistent while the site runs) or
  ``database.dump`` (``pg_dump --format=custom``);
* ``files.tar``: the public media (``MEDIA_ROOT``) and the private evidence files
  (``PRIVATE_MEDIA_ROOT``) as ``media/...`` and ``private/...``;
* ``manifest.json``: when, which profile, the SHA-256 of every file and the row count of every
  model, so that a restore can be checked.

Never in a backup: the badge issuer's private key (it lives in the environment or a secret
file; see docs/deploy.md). Restoring replaces the database and both file trees with the
backup's, then compares counts and checksums with the manifest.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import time
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections


class BackupError(RuntimeError):
    pass


def _file_roots() -> dict[str, Path]:
    roots = {"media": Path(settings.MEDIA_ROOT)}
    private = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if private:
        roots["private"] = Path(private)
    return roots


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_checksums() -> dict[str, str]:
    sums: dict[str, str] = {}
    for prefix, root in _file_roots().items():
        if not root.exists():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            sums[f"{prefix}/{path.relative_to(root).as_posix()}"] = _sha256(path)
    return sums


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _pg_tool(name: str) -> str:
    bindir = os.environ.get("PG_BINDIR", "")
    tool = str(Path(bindir) / name) if bindir else shutil.which(name)
    if not tool or not Path(tool).exists():
        raise BackupError(f"{name} is needed for PostgreSQL backups (set PG_BINDIR)")
    return tool


def _pg_args() -> tuple[list[str], dict[str, str]]:
    """Connection arguments of the site's database (the one Django uses, e.g. a test
    database), and the environment carrying its password."""
    db = connection.settings_dict
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def make_backup(directory: Path) -> Path:
    """Write a backup into a new directory under ``directory``; returns its path."""
    target = Path(directory) / time.strftime("launch-%Y%m%dT%H%M%SZ", time.gmtime())
    target.mkdir(parents=True, exist_ok=False)
    if connection.vendor == "sqlite":
        source = sqlite3.connect(str(connection.settings_dict["NAME"]))
        destination = sqlite3.connect(str(target / "database.sqlite3"))
        with destination:
            source.backup(destination)
        destination.close()
        source.close()
        database = "database.sqlite3"
    elif connection.vendor == "postgresql":
        args, env = _pg_args()
        subprocess.run(  # noqa: S603 - fixed arguments, the tool found on PG_BINDIR/PATH
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(target / "database.dump"),
                *args,
            ],
            check=True,
            capture_output=True,
            env=env,
        )
        database = "database.dump"
    else:
        raise BackupError(f"no backup method for {connection.vendor}")
    with tarfile.open(target / "files.tar", "w") as archive:
        for prefix, root in _file_roots().items():
            if root.exists():
                archive.add(str(root), arcname=prefix)
    manifest = {
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "vendor": connection.vendor,
        "database": database,
        "files": file_checksums(),
        "counts": row_counts(),
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return target


def restore_backup(source: Path) -> dict[str, Any]:
    """Replace the database and the file trees with the backup's; returns the differences
    from its manifest (empty lists when the restore is exact)."""
    source = Path(source)
    manifest = json.loads((source / "manifest.json").read_text())
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"this backup is of a {manifest['vendor']} database, the site uses {connection.vendor}"
        )
    connections.close_all()
    _restore_database(source, manifest)
    for root in _file_roots().values():
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "files.tar") as archive:
        for member in archive.getmembers():
            prefix, _, rest = member.name.partition("/")
            roots = _file_roots()
            if prefix not in roots or not rest:
                continue
            member.name = rest
            archive.extract(member, roots[prefix], filter="data")
    return verify_restore(manifest)


def _restore_database(source: Path, manifest: dict[str, Any]) -> None:
    if connection.vendor == "sqlite":
        backup = sqlite3.connect(str(source / manifest["database"]))
        live = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=30)
        with live:
            backup.backup(live)
        live.close()
        backup.close()
    else:
        args, env = _pg_args()
        subprocess.run(  # noqa: S603 - fixed arguments, the tool found on PG_BINDIR/PATH
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(source / manifest["database"]),
            ],
            check=True,
            capture_output=True,
            env=env,
        )


def verify_restore(manifest: dict[str, Any]) -> dict[str, Any]:
    counts = row_counts()
    files = file_checksums()
    return {
        "count_mismatches": sorted(
            f"{label}: {manifest['counts'].get(label)} in the backup, {counts.get(label)} now"
            for label in set(manifest["counts"]) | set(counts)
            if manifest["counts"].get(label) != counts.get(label)
        ),
        "file_mismatches": sorted(
            name
            for name in set(manifest["files"]) | set(files)
            if manifest["files"].get(name) != files.get(name)
        ),
    }
