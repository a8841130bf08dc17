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

Backups hold personal data and tokens, so they are private: every folder is 0700 and every
file 0600 whatever the umask. They go to ``LAUNCH_BACKUP_DIR`` (outside the code in
production), only the newest ``LAUNCH_BACKUP_KEEP`` are kept, and with
``LAUNCH_BACKUP_AGE_RECIPIENTS`` (age public keys, ``age1...``) the database and the files are
encrypted with age (pyrage) so that the machine making backups cannot read them; restoring
then needs the matching identity file (``AGE-SECRET-KEY-1...``), kept offline.
"""

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyrage
from asgiref.sync import async_to_sync
from celery import current_app
from channels.layers import get_channel_layer
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections

from . import heartbeats
from .conf import conf


class BackupError(RuntimeError):
    pass


ENCRYPTED_SUFFIX = ".age"
NAME_PREFIX = "launch-"


def backup_dir() -> Path:
    """Where backups go unless the command says otherwise (``LAUNCH_BACKUP_DIR``)."""
    return Path(conf.LAUNCH_BACKUP_DIR)


def backup_keep() -> int:
    """How many backups to keep (``LAUNCH_BACKUP_KEEP``; 0 keeps all)."""
    return int(conf.LAUNCH_BACKUP_KEEP)


def backup_recipients() -> list[str]:
    """The age public keys backups are encrypted to (``LAUNCH_BACKUP_AGE_RECIPIENTS``)."""
    value = conf.LAUNCH_BACKUP_AGE_RECIPIENTS or ""
    if isinstance(value, str):
        value = value.split(",")
    return [r.strip() for r in value if r.strip()]


@contextmanager
def _private_files() -> Iterator[None]:
    """New files and folders readable by the owner only, whatever the process's umask."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def _make_private(path: Path) -> None:
    path.chmod(0o700 if path.is_dir() else 0o600)


def _recipients(keys: list[str]) -> list[pyrage.x25519.Recipient]:
    try:
        return [pyrage.x25519.Recipient.from_str(key) for key in keys]
    except pyrage.RecipientError as exc:
        raise BackupError(f"LAUNCH_BACKUP_AGE_RECIPIENTS: a key age cannot use: {exc}") from None


def _identities(path: Path) -> list[pyrage.x25519.Identity]:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError as exc:
        raise BackupError(f"cannot read the identity file {path}: {exc.strerror}") from None
    try:
        return [
            pyrage.x25519.Identity.from_str(line.strip())
            for line in lines
            if line.strip().startswith("AGE-SECRET-KEY-")
        ]
    except pyrage.IdentityError as exc:
        raise BackupError(f"{path} holds no usable age identity: {exc}") from None


def prune_backups(directory: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups in ``directory`` (0 keeps all); returns the
    removed ones. Only folders this module made (named ``launch-...`` with a manifest) go."""
    if keep <= 0 or not Path(directory).exists():
        return []
    backups = sorted(
        (
            p
            for p in Path(directory).iterdir()
            if p.is_dir() and p.name.startswith(NAME_PREFIX) and (p / "manifest.json").exists()
        ),
        key=lambda p: p.name,
        reverse=True,
    )
    removed = backups[keep:]
    for old in removed:
        shutil.rmtree(old)
    return removed


def _file_roots() -> dict[str, Path]:
    roots = {"media": Path(settings.MEDIA_ROOT)}
    # Left out only when there is neither a private root nor a MEDIA_ROOT to put one beside.
    with contextlib.suppress(ImproperlyConfigured):
        roots["private"] = Path(conf.LAUNCH_PRIVATE_MEDIA_ROOT)
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


def make_backup(
    directory: Path | None = None,
    *,
    keep: int | None = None,
    recipients: list[str] | None = None,
) -> Path:
    """Write a private backup into a new folder under ``directory`` (default
    ``LAUNCH_BACKUP_DIR``), encrypted to ``recipients`` (default
    ``LAUNCH_BACKUP_AGE_RECIPIENTS``) when there are any, then keep only the newest ``keep``
    (default ``LAUNCH_BACKUP_KEEP``). Returns the new folder's path."""
    directory = Path(directory) if directory is not None else backup_dir()
    keys = _recipients(backup_recipients() if recipients is None else recipients)
    with _private_files():
        directory.mkdir(parents=True, exist_ok=True)
        _make_private(directory)
        target = _write_backup(directory)
        if keys:
            _encrypt(target, keys)
        for path in [target, *target.iterdir()]:
            _make_private(path)
    prune_backups(directory, backup_keep() if keep is None else keep)
    return target


def _encrypt(target: Path, keys: list[pyrage.x25519.Recipient]) -> None:
    manifest = json.loads((target / "manifest.json").read_text())
    for name in (manifest["database"], "files.tar"):
        plain = target / name
        pyrage.encrypt_file(str(plain), str(target / f"{name}{ENCRYPTED_SUFFIX}"), keys)
        plain.unlink()
    manifest["encrypted"] = "age"
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))


def _write_backup(directory: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = directory / f"{NAME_PREFIX}{stamp}"
    suffix = 1
    while target.exists():  # two backups in one second: never overwrite
        suffix += 1
        target = directory / f"{NAME_PREFIX}{stamp}-{suffix}"
    target.mkdir(mode=0o700)
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


def restore_backup(source: Path, *, identity: Path | None = None) -> dict[str, Any]:
    """Replace the database and the file trees with the backup's; returns the differences
    from its manifest (empty lists when the restore is exact). An encrypted backup needs the
    age ``identity`` file; it is decrypted into a private temporary folder first."""
    source = Path(source)
    manifest = json.loads((source / "manifest.json").read_text())
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"this backup is of a {manifest['vendor']} database, the site uses {connection.vendor}"
        )
    refuse_while_running()
    if not manifest.get("encrypted"):
        return _restore(source, manifest)
    if identity is None:
        raise BackupError("this backup is encrypted: give the age identity file (--identity)")
    identities = _identities(identity)
    with tempfile.TemporaryDirectory(prefix="launch-restore-") as plain:
        for name in (manifest["database"], "files.tar"):
            try:
                pyrage.decrypt_file(
                    str(source / f"{name}{ENCRYPTED_SUFFIX}"), str(Path(plain) / name), identities
                )
            except pyrage.DecryptError as exc:
                raise BackupError(f"cannot decrypt {name} with {identity}: {exc}") from None
        return _restore(Path(plain), manifest)


def refuse_while_running() -> None:
    """A restore under live processes would mix their writes, sessions and queued tasks with
    the backup's: refuse while any web process, worker or beat was heard from recently."""
    live = heartbeats.running()
    if live:
        names = ", ".join(f"{p.kind} {p.host}:{p.pid}" for p in live)
        raise BackupError(
            f"the site is running ({names}): stop the web processes, workers and beat first "
            f"(their heartbeats expire {int(heartbeats.stale_after().total_seconds())} s after "
            "they stop)"
        )


def flush_site_state() -> None:
    """Forget what lives outside the database and would outlast a restore: the caches (which
    hold sessions: everyone signs in again), the tasks queued on the broker and the messages in
    the channel layer."""
    for alias in settings.CACHES:
        caches[alias].clear()
    if not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        current_app.control.purge()
    layer = get_channel_layer()
    if layer is not None and hasattr(layer, "flush"):
        async_to_sync(layer.flush)()


def _restore(source: Path, manifest: dict[str, Any]) -> dict[str, Any]:
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
    flush_site_state()
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
