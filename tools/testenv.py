#!/usr/bin/env python3
"""Provision and run throwaway PostgreSQL and Redis servers for the test suite.

The Makefile uses this script so that tests run against real servers on a fresh
Debian 12 machine (CI runs as root and can only reach Debian apt and PyPI).
Standard library only.

Usage::

    python tools/testenv.py ensure
        Install missing system packages (redis-server, chromium, PostgreSQL
        server binaries) with apt; start nothing.

    python tools/testenv.py run -- CMD ARGS...
        Start PostgreSQL and Redis on free ports of 127.0.0.1, run CMD with
        the variables below added to the environment, stop both servers and
        exit with CMD's exit code.

    python tools/testenv.py run --redis-only -- CMD ARGS...
        The same, but only Redis.

    python tools/testenv.py run --redis-servers N -- CMD ARGS...
        Start N Redis servers (one per pytest-xdist worker: a fault test that stops
        "the broker" stops only its own worker's); the first is REDIS_URL.

Variables exported to CMD:

    DATABASE_URL          postgres://postgres@127.0.0.1:PORT/launch
    REDIS_URL             redis://127.0.0.1:PORT/0
    TESTENV_PG_BINDIR     directory holding initdb, pg_ctl, postgres
    TESTENV_PG_PORT       PostgreSQL port
    TESTENV_PG_DATA       PostgreSQL data directory (for ``pg_ctl -D``)
    TESTENV_PG_RUNAS      OS user to run pg_ctl as (``runuser -u USER --``),
                          empty when pg_ctl must run as the current user
    TESTENV_REDIS_PORT    Redis port (of the first server)
    TESTENV_REDIS_PORTS   every Redis server's port, comma-separated (tests/settings.py
                          gives xdist worker gwN the Nth)
    TESTENV_REDIS_SERVER  path of the redis-server binary

The listen settings (port, address, socket directory, no fsync) are also written
to the cluster's postgresql.conf, so a fault test can stop PostgreSQL and start it
again with just ``pg_ctl -D "$TESTENV_PG_DATA" -w -l LOGFILE start``.

PostgreSQL refuses to run as root: when this script runs as root, the cluster is
owned by the ``postgres`` system user (created if missing) and the server
commands run through ``runuser -u postgres --``.

All messages of this script go to stderr, prefixed with ``testenv:``, so the
wrapped command's stdout stays untouched.

Exit codes: CMD's exit code (128+N if CMD was killed by signal N; 127 if CMD
cannot be executed); 2 if system packages are missing and cannot be installed
(not root, or apt failed); 3 if a server fails to start (its log tail is printed).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

APT_LOCK_WAIT_SECONDS = 300.0
APT_LOCK_RETRY_SECONDS = 5.0
REDIS_START_TIMEOUT_SECONDS = 15.0
REDIS_STOP_TIMEOUT_SECONDS = 5.0
PG_START_TIMEOUT_SECONDS = 60
LOG_TAIL_LINES = 40
REAP_TIMEOUT_SECONDS = 5.0
PR_SET_CHILD_SUBREAPER = 36  # from <linux/prctl.h>

PG_OS_USER = "postgres"
PG_SUPERUSER = "postgres"
PG_DATABASE = "launch"
PG_VERSIONED_BINDIRS = "/usr/lib/postgresql/*/bin"
PG_SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")
CHROMIUM_PATH = Path("/usr/bin/chromium")

EXIT_PROVISION_FAILED = 2
EXIT_SERVICE_FAILED = 3
EXIT_COMMAND_NOT_RUNNABLE = 127

_APT_LOCK_MESSAGE = re.compile(
    r"Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock directory"
)


class TestEnvError(Exception):
    """An error that ends this script with a specific exit code."""

    exit_code = 1


class ProvisionError(TestEnvError):
    """System packages are missing and could not be installed."""

    exit_code = EXIT_PROVISION_FAILED


class ServiceStartError(TestEnvError):
    """A server failed to start; the message carries its log tail."""

    exit_code = EXIT_SERVICE_FAILED


class Interrupted(BaseException):
    """SIGINT/SIGTERM arrived while no command was running to forward it to."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def log(message: str) -> None:
    """Print a message of this script to stderr."""
    print(f"testenv: {message}", file=sys.stderr, flush=True)


def is_root() -> bool:
    """Return True when running with effective uid 0."""
    return os.geteuid() == 0


def tail(text: str, lines: int = LOG_TAIL_LINES) -> str:
    """Return the last ``lines`` lines of ``text``."""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def tail_file(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    """Return the last ``lines`` lines of a log file, or a note if it cannot be read."""
    try:
        return tail(path.read_text(errors="replace"), lines) or "(log is empty)"
    except OSError as exc:
        return f"(cannot read {path}: {exc})"


def become_child_subreaper() -> bool:
    """Make this process adopt orphaned descendants (Linux prctl PR_SET_CHILD_SUBREAPER).

    ``pg_ctl start`` forks the postmaster and exits, so the postmaster is re-parented.
    Without this, it goes to PID 1, which in a container may never reap it, leaving a
    ``[postgres] <defunct>`` zombie behind after the server stops. As a subreaper we
    adopt and reap it ourselves. Returns False where the call is unavailable.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def reap(pid: int, timeout: float = REAP_TIMEOUT_SECONDS) -> None:
    """Wait up to ``timeout`` seconds for ``pid`` to exit, if it is our (adopted) child."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return  # not our child (or already reaped)
        if done or time.monotonic() >= deadline:
            return
        time.sleep(0.05)


def reap_exited_orphans() -> None:
    """Reap every adopted descendant that has already exited (never blocks)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class PgBinaries:
    """Locations of the PostgreSQL programs this script needs."""

    bindir: Path
    initdb: Path
    pg_ctl: Path
    createdb: Path


def _is_executable(path: Path) -> bool:
    """Return True if ``path`` is an executable regular file."""
    return path.is_file() and os.access(path, os.X_OK)


def _version_key(bindir: Path) -> tuple[int, ...]:
    """Sort key for /usr/lib/postgresql/VERSION/bin directories (e.g. 9.6 < 15 < 16)."""
    return tuple(int(part) for part in re.findall(r"\d+", bindir.parent.name))


def _pg_bindir_candidates() -> list[Path]:
    """Directories that may hold the server binaries: PATH's first, then by version."""
    candidates: list[Path] = []
    on_path = [shutil.which(name) for name in PG_SERVER_BINARIES]
    if all(on_path):
        # Resolve symlinks (e.g. /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb)
        # so that the bin dir is the real one, next to createdb and the other tools.
        dirs = {Path(str(found)).resolve().parent for found in on_path}
        if len(dirs) == 1:
            candidates.extend(dirs)
    versioned = [Path(p) for p in sorted(Path("/").glob(PG_VERSIONED_BINDIRS.lstrip("/")))]
    candidates.extend(sorted(versioned, key=_version_key, reverse=True))
    return candidates


def find_pg_binaries() -> PgBinaries | None:
    """Locate initdb, pg_ctl and postgres (all in one directory) and createdb."""
    for bindir in _pg_bindir_candidates():
        if not all(_is_executable(bindir / name) for name in PG_SERVER_BINARIES):
            continue
        createdb = bindir / "createdb"
        if not _is_executable(createdb):
            found = shutil.which("createdb")
            if found is None:
                continue
            createdb = Path(found)
        return PgBinaries(bindir, bindir / "initdb", bindir / "pg_ctl", createdb)
    return None


def find_redis_server() -> Path | None:
    """Locate the redis-server binary on PATH (or in /usr/bin)."""
    found = shutil.which("redis-server") or shutil.which(
        "redis-server", path="/usr/bin:/usr/sbin:/usr/local/bin"
    )
    return Path(found) if found else None


def find_chromium() -> Path | None:
    """Return /usr/bin/chromium if it is installed."""
    return CHROMIUM_PATH if _is_executable(CHROMIUM_PATH) else None


@dataclass(frozen=True)
class Requirement:
    """A system dependency: how to detect it and which apt package provides it."""

    name: str
    package: str
    probe: Callable[[], object | None]

    def describe(self, found: object) -> str:
        """Describe where the requirement was found."""
        if isinstance(found, PgBinaries):
            return str(found.bindir)
        return str(found)


REDIS = Requirement("redis-server", "redis-server", find_redis_server)
POSTGRES = Requirement("postgresql server", "postgresql", find_pg_binaries)
CHROMIUM = Requirement("chromium", "chromium", find_chromium)


# --------------------------------------------------------------------------- apt


class Apt:
    """Runs apt-get non-interactively, updating the package lists at most once."""

    def __init__(self) -> None:
        self._updated = False
        self._env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}

    def install(self, packages: Sequence[str]) -> None:
        """Install ``packages`` (without recommends), running ``apt-get update`` first once."""
        if not self._updated:
            self._run(["apt-get", "update"])
            self._updated = True
        self._run(["apt-get", "install", "-y", "--no-install-recommends", *packages])

    def _run(self, argv: list[str]) -> None:
        """Run an apt-get command, retrying for up to 5 minutes while apt/dpkg is locked."""
        deadline = time.monotonic() + APT_LOCK_WAIT_SECONDS
        while True:
            log(f"running: {shlex.join(argv)}")
            returncode, output = self._stream(argv)
            if returncode == 0:
                return
            if _APT_LOCK_MESSAGE.search(output) and time.monotonic() < deadline:
                log(f"apt is locked by another process; retrying in {APT_LOCK_RETRY_SECONDS:g} s")
                time.sleep(APT_LOCK_RETRY_SECONDS)
                continue
            raise ProvisionError(f"{shlex.join(argv)} failed with exit code {returncode}")

    def _stream(self, argv: list[str]) -> tuple[int, str]:
        """Run ``argv``, echoing its combined output to stderr; return (exit code, output)."""
        try:
            proc = subprocess.Popen(
                argv,
                env=self._env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
            )
        except FileNotFoundError as exc:
            raise ProvisionError(f"cannot run apt-get ({exc}); is this Debian?") from exc
        captured: list[str] = []
        assert proc.stdout is not None
        with proc:
            for line in proc.stdout:
                sys.stderr.write(line)
                captured.append(line)
        sys.stderr.flush()
        return proc.returncode, "".join(captured)


def ensure(requirements: Sequence[Requirement]) -> dict[str, object]:
    """Make sure every requirement is present, installing missing ones with apt.

    Prints one line per requirement (found/installed). Returns what each probe found,
    keyed by requirement name. Raises ProvisionError if something is missing and
    cannot be installed (not root, or apt failed).
    """
    found: dict[str, object] = {}
    missing: list[Requirement] = []
    for req in requirements:
        result = req.probe()
        if result is None:
            missing.append(req)
        else:
            found[req.name] = result
            log(f"{req.name}: found ({req.describe(result)})")
    if not missing:
        return found

    packages = sorted({req.package for req in missing})
    names = ", ".join(req.name for req in missing)
    if not is_root():
        raise ProvisionError(
            f"missing: {names}. Install the apt packages {' '.join(packages)}, e.g.:\n"
            f"    sudo apt-get update && sudo apt-get install -y --no-install-recommends "
            f"{' '.join(packages)}"
        )
    log(f"missing: {names}; installing apt packages: {' '.join(packages)}")
    Apt().install(packages)
    for req in missing:
        result = req.probe()
        if result is None:
            raise ProvisionError(f"{req.name} is still missing after installing {req.package}")
        found[req.name] = result
        log(f"{req.name}: installed ({req.describe(result)})")
    return found


# --------------------------------------------------------------------------- services


def pick_free_ports(count: int) -> list[int]:
    """Return ``count`` distinct free TCP ports on 127.0.0.1 (bind to port 0, read, close)."""
    with contextlib.ExitStack() as stack:
        sockets = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]


def ensure_os_user(name: str) -> pwd.struct_passwd:
    """Return the passwd entry of system user ``name``, creating the user if needed."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    log(f"creating system user {name}")
    result = subprocess.run(
        ["useradd", "--system", "--home-dir", "/var/lib/postgresql", "--shell", "/bin/bash", name],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ServiceStartError(f"useradd {name} failed:\n{tail(result.stdout)}")
    return pwd.getpwnam(name)


class PostgresService:
    """A throwaway PostgreSQL cluster in a temporary directory."""

    def __init__(self, binaries: PgBinaries, port: int) -> None:
        self.binaries = binaries
        self.port = port
        self.runas: str | None = PG_OS_USER if is_root() else None
        self.tmpdir: Path | None = None
        self._may_be_running = False

    @property
    def data_dir(self) -> Path:
        """The cluster's data directory."""
        assert self.tmpdir is not None
        return self.tmpdir / "data"

    @property
    def log_path(self) -> Path:
        """The server log written by pg_ctl."""
        assert self.tmpdir is not None
        return self.tmpdir / "pg.log"

    def _run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL program as the cluster owner, capturing its output."""
        if self.runas is not None:
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"
            argv = [runuser, "-u", self.runas, "--", *argv]
        return subprocess.run(
            argv,
            cwd=self.tmpdir,  # readable by the cluster owner (unlike e.g. /root)
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,  # keep a terminal's Ctrl-C away from the server
            check=False,
        )

    def _server_options(self) -> dict[str, str]:
        """Server settings: listen on 127.0.0.1:PORT only, trade durability for speed."""
        assert self.tmpdir is not None
        return {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": str(self.tmpdir),
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
        }

    def start(self) -> None:
        """initdb, start the server, create the database; raise ServiceStartError on failure."""
        self.tmpdir = Path(tempfile.mkdtemp(prefix="testenv-pg-"))
        if self.runas is not None:
            owner = ensure_os_user(self.runas)
            os.chown(self.tmpdir, owner.pw_uid, owner.pw_gid)

        result = self._run(
            [
                str(self.binaries.initdb),
                "-D", str(self.data_dir),
                "-U", PG_SUPERUSER,
                "--auth=trust",
                "-E", "UTF8",
                "--no-sync",
            ]
        )  # fmt: skip
        if result.returncode != 0:
            raise ServiceStartError(
                f"initdb failed (exit {result.returncode}):\n{tail(result.stdout)}"
            )

        # Persist the settings so that a plain `pg_ctl -D DATA start` (fault tests) reuses them.
        settings = "".join(f"{key} = '{value}'\n" for key, value in self._server_options().items())
        with (self.data_dir / "postgresql.conf").open("a") as conf:
            conf.write(f"\n# added by tools/testenv.py\n{settings}")

        options = (
            f"-h 127.0.0.1 -p {self.port} -k {shlex.quote(str(self.tmpdir))} -F"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._may_be_running = True  # even a timed-out start may leave a server behind
        result = self._run(
            [
                str(self.binaries.pg_ctl),
                "-D", str(self.data_dir),
                "-w",
                "-t", str(PG_START_TIMEOUT_SECONDS),
                "-l", str(self.log_path),
                "-o", options,
                "start",
            ]
        )  # fmt: skip
        if result.returncode != 0:
            raise ServiceStartError(
                f"pg_ctl start failed (exit {result.returncode}):\n{tail(result.stdout)}\n"
                f"--- tail of {self.log_path} ---\n{tail_file(self.log_path)}"
            )

        result = self._run(
            [
                str(self.binaries.createdb),
                "-h", "127.0.0.1",
                "-p", str(self.port),
                "-U", PG_SUPERUSER,
                PG_DATABASE,
            ]
        )  # fmt: skip
        if result.returncode != 0:
            raise ServiceStartError(
                f"createdb {PG_DATABASE} failed (exit {result.returncode}):\n"
                f"{tail(result.stdout)}\n"
                f"--- tail of {self.log_path} ---\n{tail_file(self.log_path)}"
            )

    def env(self) -> dict[str, str]:
        """Environment variables describing this server for the test command."""
        return {
            "DATABASE_URL": f"postgres://{PG_SUPERUSER}@127.0.0.1:{self.port}/{PG_DATABASE}",
            "TESTENV_PG_BINDIR": str(self.binaries.bindir),
            "TESTENV_PG_PORT": str(self.port),
            "TESTENV_PG_DATA": str(self.data_dir),
            "TESTENV_PG_RUNAS": self.runas or "",
        }

    def stop(self) -> None:
        """Stop the server (immediate mode) and remove the temporary directory."""
        if self.tmpdir is None:
            return
        if self._may_be_running and self.data_dir.exists():
            pid_file = self.data_dir / "postmaster.pid"
            postmaster_pid = self._read_pid(pid_file)
            result = self._run(
                [
                    str(self.binaries.pg_ctl),
                    "-D",
                    str(self.data_dir),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ]
            )
            if result.returncode != 0 and postmaster_pid is not None and pid_file.exists():
                log(f"pg_ctl stop failed; killing postmaster {postmaster_pid}")
                with contextlib.suppress(OSError):
                    os.kill(postmaster_pid, signal.SIGKILL)
            if postmaster_pid is not None:
                reap(postmaster_pid)
        shutil.rmtree(self.tmpdir, ignore_errors=True)
        self.tmpdir = None

    @staticmethod
    def _read_pid(pid_file: Path) -> int | None:
        """Return the postmaster's pid from postmaster.pid, or None if unavailable."""
        try:
            return int(pid_file.read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return None


def redis_ping(port: int, timeout: float = 1.0) -> bool:
    """Return True if a Redis server on 127.0.0.1:port answers a raw PING with +PONG."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class RedisService:
    """A throwaway, non-persistent Redis server."""

    def __init__(self, server: Path, port: int) -> None:
        self.server = server
        self.port = port
        self.tmpdir: Path | None = None
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        """The file receiving redis-server's output."""
        assert self.tmpdir is not None
        return self.tmpdir / "redis.log"

    def start(self) -> None:
        """Start redis-server and wait until it answers PING; raise ServiceStartError if not."""
        self.tmpdir = Path(tempfile.mkdtemp(prefix="testenv-redis-"))
        argv = [
            str(self.server),
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--dir", str(self.tmpdir),
        ]  # fmt: skip
        with self.log_path.open("wb") as log_file:
            self.proc = subprocess.Popen(
                argv,
                cwd=self.tmpdir,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # keep a terminal's Ctrl-C away from the server
            )
        deadline = time.monotonic() + REDIS_START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServiceStartError(
                    f"redis-server exited with code {self.proc.returncode}\n"
                    f"--- tail of {self.log_path} ---\n{tail_file(self.log_path)}"
                )
            if redis_ping(self.port):
                return
            time.sleep(0.1)
        raise ServiceStartError(
            f"redis-server did not answer PING within {REDIS_START_TIMEOUT_SECONDS:g} s\n"
            f"--- tail of {self.log_path} ---\n{tail_file(self.log_path)}"
        )

    def env(self) -> dict[str, str]:
        """Environment variables describing this server for the test command."""
        return {
            "REDIS_URL": f"redis://127.0.0.1:{self.port}/0",
            "TESTENV_REDIS_PORT": str(self.port),
            "TESTENV_REDIS_SERVER": str(self.server),
        }

    def stop(self) -> None:
        """Terminate the server (kill after 5 s) and remove the temporary directory."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=REDIS_STOP_TIMEOUT_SECONDS)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            self.proc = None
            # A fault test may have restarted Redis on the same port: shut that one down too.
            self._shutdown_stray_server()
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            self.tmpdir = None

    def _shutdown_stray_server(self) -> None:
        """Send SHUTDOWN NOSAVE to whatever Redis still answers on our port."""
        if not redis_ping(self.port, timeout=0.5):
            return
        log(f"a Redis server still answers on port {self.port}; sending SHUTDOWN NOSAVE")
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock,
        ):
            sock.sendall(b"SHUTDOWN NOSAVE\r\n")
            sock.recv(64)


# --------------------------------------------------------------------------- running CMD


def _terminal_sends_sigint_to_child() -> bool:
    """True if we are the foreground process group of a terminal.

    In that case a Ctrl-C already reaches the child (which shares our process group),
    so forwarding SIGINT would deliver it twice.
    """
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            fd = stream.fileno()
            if os.isatty(fd):
                return os.tcgetpgrp(fd) == os.getpgrp()
    return False


class SignalRelay:
    """SIGINT/SIGTERM handler: forwards to the running command, else aborts startup."""

    def __init__(self) -> None:
        self.child: subprocess.Popen[bytes] | None = None
        self.child_done = False

    def install(self) -> None:
        """Install the handler for SIGINT and SIGTERM."""
        signal.signal(signal.SIGINT, self._handle)
        signal.signal(signal.SIGTERM, self._handle)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        """Forward the signal to the child; before the child exists, unwind to teardown."""
        if self.child is None:
            if self.child_done:
                return  # tearing down: finish cleaning up
            raise Interrupted(signum)
        if signum == signal.SIGINT and _terminal_sends_sigint_to_child():
            return
        with contextlib.suppress(ProcessLookupError):
            self.child.send_signal(signum)


def run_command(cmd: Sequence[str], env: dict[str, str], relay: SignalRelay) -> int:
    """Run ``cmd`` with ``env`` and inherited stdio; return a shell-style exit code."""
    try:
        child = subprocess.Popen(list(cmd), env=env)
    except OSError as exc:
        log(f"cannot run {shlex.join(cmd)}: {exc}")
        return EXIT_COMMAND_NOT_RUNNABLE
    relay.child = child
    try:
        returncode = child.wait()
    finally:
        relay.child = None
        relay.child_done = True
    return 128 - returncode if returncode < 0 else returncode


def cmd_run(cmd: Sequence[str], redis_only: bool, redis_servers: int = 1) -> int:
    """Start the servers, run ``cmd`` against them, always tear them down."""
    if os.sep not in cmd[0] and shutil.which(cmd[0]) is None:
        log(f"command not found: {cmd[0]}")
        return EXIT_COMMAND_NOT_RUNNABLE
    relay = SignalRelay()
    relay.install()
    become_child_subreaper()
    found = ensure([REDIS] if redis_only else [REDIS, POSTGRES])

    pg_port, *redis_ports = pick_free_ports(1 + max(1, redis_servers))
    redis_server = found[REDIS.name]
    assert isinstance(redis_server, Path)
    redises = [RedisService(redis_server, port) for port in redis_ports]
    postgres: PostgresService | None = None
    if not redis_only:
        binaries = found[POSTGRES.name]
        assert isinstance(binaries, PgBinaries)
        postgres = PostgresService(binaries, pg_port)

    try:
        env = dict(os.environ)
        if postgres is not None:
            postgres.start()
            env |= postgres.env()
        for redis in redises:
            redis.start()
        env |= redises[0].env()
        env["TESTENV_REDIS_PORTS"] = ",".join(str(port) for port in redis_ports)
        services = [f"Redis on 127.0.0.1:{','.join(str(port) for port in redis_ports)}"]
        if postgres is not None:
            services.insert(0, f"PostgreSQL on 127.0.0.1:{pg_port} (database {PG_DATABASE})")
        log(f"running {' and '.join(services)}")
        return run_command(cmd, env, relay)
    finally:
        relay.child_done = True
        for service in (*redises, postgres):
            if service is None:
                continue
            try:
                service.stop()
            except Exception as exc:  # keep tearing down the others
                log(f"error while stopping {type(service).__name__}: {exc}")
        reap_exited_orphans()


# --------------------------------------------------------------------------- CLI


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="testenv.py",
        description="Provision and run throwaway PostgreSQL and Redis servers for tests.",
    )
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("ensure", help="install missing system packages; start nothing")
    run = sub.add_parser("run", help="start the servers, run a command, stop them")
    run.add_argument("--redis-only", action="store_true", help="start only Redis")
    run.add_argument(
        "--redis-servers",
        type=int,
        default=1,
        metavar="N",
        help="start N Redis servers (one per parallel test worker)",
    )
    run.add_argument("cmd", nargs=argparse.REMAINDER, help="-- CMD ARGS...")
    args = parser.parse_args(argv)
    if args.action == "run":
        if args.cmd and args.cmd[0] == "--":
            args.cmd = args.cmd[1:]
        if not args.cmd:
            parser.error("run: missing command (usage: run [--redis-only] -- CMD ARGS...)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.action == "ensure":
            ensure([REDIS, CHROMIUM, POSTGRES])
            return 0
        return cmd_run(args.cmd, args.redis_only, args.redis_servers)
    except TestEnvError as exc:
        log(f"error: {exc}")
        return exc.exit_code
    except Interrupted as exc:
        log(f"interrupted by {exc} before the command started")
        return 128 + exc.signum


if __name__ == "__main__":
    sys.exit(main())
