#!/usr/bin/env python3
"""Perform the production install of docs/deploy.md on this machine, end to end.

``make deploy-check`` (part of ``make test``) runs this script. It takes the blocks marked
``<!-- deploy-check: NAME -->`` in docs/deploy.md and runs them as the doc says, inside a
temporary directory that stands in for the server's ``/srv/launch``, ``/etc/launch``,
``/var/lib/launch`` and ``/var/backups/launch``:

1. PostgreSQL and Redis on free loopback ports (tools/testenv.py's servers); PostgreSQL asks
   for passwords on TCP (scram-sha-256) as a packaged server does;
2. ``sql``: the role and database, with psql, as the superuser;
3. ``redis-conf``: the Redis password (``requirepass``);
4. ``dirs``: the directories (owned by the current user: no service user is created here);
5. ``release``: a copy of this working tree as ``/srv/launch/src``, then the release: the
   host project copied out of it, a new virtual environment, the wheel built with
   ``pip wheel --no-deps`` and installed (not editable) with its dependencies;
6. ``env``: the environment file, then read back with ``bash`` (``set -a; . FILE``) to check
   that every value survives the shell (``DEFAULT_FROM_EMAIL``'s quoting);
7. ``setup``: migrate, create_issuer_key, collectstatic, ``check --deploy``;
8. ``unit-web``, ``unit-worker``, ``unit-beat``: each systemd unit's ``ExecStart`` in its
   ``WorkingDirectory`` with the environment file loaded, then ``GET /healthz`` (as the proxy
   sends it) until it answers 200 with a web process, a worker and beat alive;

then stops everything and removes the directory. The app code comes only from the new
virtual environment: the release holds just the host project, and the script checks where
``lms`` and ``config`` were imported from. Secrets written ``CHANGE-ME-...`` in the doc get
fresh random values (the same one everywhere a placeholder appears).

Standard library only; run with any Python 3.12. Exit 0 when the install works, 1 otherwise.
"""

from __future__ import annotations

import contextlib
import getpass
import grp
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import testenv

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "deploy.md"
BLOCK = re.compile(r"<!-- deploy-check: ([a-z-]+) -->\n```[a-z]*\n(.*?)\n```", re.S)
REQUIRED_BLOCKS = (
    "sql",
    "redis-conf",
    "dirs",
    "release",
    "env",
    "setup",
    "unit-web",
    "unit-worker",
    "unit-beat",
)
PLACEHOLDER = re.compile(r"CHANGE-ME-[A-Za-z0-9-]+")
PUBLIC_HOST = "launch.example.org"
UTC_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
HEALTHZ_TIMEOUT_SECONDS = 120.0
STOP_TIMEOUT_SECONDS = 30.0
# Variables of the caller's environment that would leak another configuration into the install.
FOREIGN_VARIABLES = re.compile(
    r"^(DJANGO_|LAUNCH_|EMAIL_|DATABASE_|REDIS_|TESTENV_|VIRTUAL_ENV|PYTHONPATH|PYTHONHOME|"
    r"ALLOWED_HOSTS|CSRF_|WAGTAILADMIN_|WEB_CONCURRENCY|MEDIA_ROOT|PRIVATE_MEDIA_ROOT|"
    r"DEFAULT_FROM_EMAIL|TRUSTED_PROXIES|SECURE_)"
)


def say(message: str) -> None:
    print(f"deploy-check: {message}", flush=True)


# --------------------------------------------------------------------------- the doc


def doc_blocks(text: str | None = None) -> dict[str, str]:
    """The blocks of docs/deploy.md marked for this script, by name."""
    text = DOC.read_text() if text is None else text
    blocks: dict[str, str] = {}
    for name, body in BLOCK.findall(text):
        if name in blocks:
            raise ValueError(f"docs/deploy.md: two blocks named deploy-check: {name}")
        blocks[name] = body
    missing = [name for name in REQUIRED_BLOCKS if name not in blocks]
    if missing:
        raise ValueError(f"docs/deploy.md: no block marked deploy-check: {', '.join(missing)}")
    return blocks


def sql_of(block: str) -> str:
    """The SQL of the ``psql ... <<'SQL'`` here-document."""
    match = re.search(r"<<'SQL'\n(.*?)\nSQL$", block, re.S | re.M)
    if match is None:
        raise ValueError("docs/deploy.md: the sql block has no <<'SQL' ... SQL here-document")
    return match.group(1) + "\n"


def redis_password_of(block: str) -> str:
    match = re.search(r"^requirepass (\S+)$", block, re.M)
    if match is None:
        raise ValueError("docs/deploy.md: the redis-conf block sets no requirepass")
    return match.group(1)


def unit_of(block: str) -> tuple[str, str]:
    """(WorkingDirectory, ExecStart) of a systemd unit, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", block)
    values = dict(re.findall(r"^(WorkingDirectory|ExecStart)=(.*)$", joined, re.M))
    return values["WorkingDirectory"], values["ExecStart"]


def env_assignments(block: str) -> dict[str, str]:
    """NAME=VALUE lines of the env block, values unquoted as a POSIX shell reads them."""
    values: dict[str, str] = {}
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, raw = line.partition("=")
        if not sep or not re.fullmatch(r"[A-Z_][A-Z0-9_]*", name):
            raise ValueError(f"docs/deploy.md: not a NAME=VALUE line in the env block: {line!r}")
        words = shlex.split(raw)
        if len(words) > 1:
            raise ValueError(f"docs/deploy.md: {name} must be quoted (it has spaces): {line!r}")
        values[name] = words[0] if words else ""
    return values


def source_with_bash(env_file: Path, base_env: dict[str, str]) -> dict[str, str]:
    """The variables a shell has after ``set -a; . FILE; set +a`` (what the doc tells you)."""
    result = subprocess.run(
        ["bash", "-c", 'set -euo pipefail; set -a; . "$1"; set +a; env -0', "bash", str(env_file)],
        env=base_env,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"bash cannot load {env_file}:\n{result.stderr.decode()[-2000:]}")
    pairs = (item.split("=", 1) for item in result.stdout.decode().split("\0") if "=" in item)
    return dict(pairs)


# --------------------------------------------------------------------------- the install


class Install:
    """One throwaway install: its directory, servers, substitutions and processes."""

    def __init__(self, tmp: Path, pg_port: int, redis_port: int, web_port: int) -> None:
        self.tmp = tmp
        self.pg_port = pg_port
        self.redis_port = redis_port
        self.web_port = web_port
        self.user = getpass.getuser()
        self.group = grp.getgrgid(os.getgid()).gr_name
        self.secrets: dict[str, str] = {}
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.timings: list[tuple[str, float]] = []
        self.base_env = self._clean_environment()
        self.rel = ""
        # The server's paths, and what stands in for them here. A venv needs Python 3.12+:
        # the interpreter this script runs on (its base, when that is itself a virtualenv).
        base_python = getattr(sys, "_base_executable", sys.executable) or sys.executable
        self.replacements = {
            "/srv/launch": str(tmp / "srv" / "launch"),
            "/etc/launch": str(tmp / "etc" / "launch"),
            "/var/lib/launch": str(tmp / "var" / "lib" / "launch"),
            "/var/backups/launch": str(tmp / "var" / "backups" / "launch"),
            "127.0.0.1:5432": f"127.0.0.1:{pg_port}",
            "127.0.0.1:6379": f"127.0.0.1:{redis_port}",
            "--port 8000": f"--port {web_port}",
            "-o launch -g launch": f"-o {self.user} -g {self.group}",
            "-o root -g launch": f"-o {self.user} -g {self.group}",
            "root:launch": f"{self.user}:{self.group}",
            "python3 -m venv": f"{shlex.quote(base_python)} -m venv",
        }
        keys = sorted(self.replacements, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(k) for k in keys))

    @staticmethod
    def _clean_environment() -> dict[str, str]:
        """The caller's environment without any site configuration or the dev virtualenv."""
        env = {k: v for k, v in os.environ.items() if not FOREIGN_VARIABLES.match(k)}
        dev_bins = {str(Path(sys.prefix) / "bin"), str(ROOT / ".venv" / "bin")}
        env["PATH"] = os.pathsep.join(
            p for p in env.get("PATH", "/usr/bin:/bin").split(os.pathsep) if p not in dev_bins
        )
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return env

    def localise(self, text: str) -> str:
        """Server paths, ports and owners to this install's; placeholders to secrets."""
        text = self._pattern.sub(lambda m: self.replacements[m.group(0)], text)
        return PLACEHOLDER.sub(self._secret, text)

    def _secret(self, match: re.Match[str]) -> str:
        return self.secrets.setdefault(match.group(0), secrets.token_urlsafe(48))

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        say(f"{name} ...")
        yield
        elapsed = time.monotonic() - started
        self.timings.append((name, elapsed))
        say(f"{name}: done in {elapsed:.1f} s")

    def bash(self, script: str, *, env: dict[str, str] | None = None) -> str:
        """Run a (localised) block of the doc with bash -e; return its stdout."""
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", self.localise(script)],
            env={**self.base_env, **(env or {})},
            cwd=self.tmp,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"this block of docs/deploy.md failed (exit {result.returncode}):\n"
                f"{self.localise(script)}\n--- output ---\n{result.stdout[-3000:]}"
                f"{result.stderr[-5000:]}"
            )
        return result.stdout

    # ---------------------------------------------------------------- the servers

    def require_passwords(self, postgres: testenv.PostgresService) -> None:
        """Password authentication on TCP for the site's role, as a packaged PostgreSQL has."""
        hba = postgres.data_dir / "pg_hba.conf"
        hba.write_text(
            "local all all trust\n"
            f"host all {testenv.PG_SUPERUSER} 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
        )
        owner = postgres.data_dir.stat()
        os.chown(hba, owner.st_uid, owner.st_gid)
        result = postgres._run(
            [str(postgres.binaries.pg_ctl), "-D", str(postgres.data_dir), "reload"]
        )
        if result.returncode != 0:
            raise RuntimeError(f"pg_ctl reload failed:\n{result.stdout}")

    def psql(self, postgres: testenv.PostgresService, sql: str) -> None:
        psql = postgres.binaries.bindir / "psql"
        program = str(psql) if psql.exists() else (shutil.which("psql") or "psql")
        argv = [program, "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", testenv.PG_SUPERUSER]
        argv += ["-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
        result = subprocess.run(argv, input=sql, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed on:\n{sql}\n{result.stderr}")

    def redis_command(self, *words: str) -> bytes:
        command = f"*{len(words)}\r\n" + "".join(f"${len(w)}\r\n{w}\r\n" for w in words)
        with socket.create_connection(("127.0.0.1", self.redis_port), timeout=5) as sock:
            sock.sendall(command.encode())
            return sock.recv(256)

    # ---------------------------------------------------------------- the processes

    def start_unit(self, name: str, block: str, site_env: dict[str, str]) -> None:
        workdir, exec_start = (self.localise(part) for part in unit_of(block))
        # systemd expands ${NAME} in ExecStart from the unit's environment.
        command = re.sub(r"\$\{([A-Z_][A-Z0-9_]*)\}", lambda m: site_env[m.group(1)], exec_start)
        log = self.tmp / f"{name}.log"
        say(f"  {name}: {command}")
        with log.open("wb") as out:
            proc = subprocess.Popen(
                shlex.split(command),
                cwd=workdir,
                env=site_env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append((name, proc))

    def wait_healthy(self) -> dict:
        """GET /healthz as the proxy sends it until 200 with web, worker and beat alive."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.web_port}/healthz",
            headers={"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"},
        )
        deadline = time.monotonic() + HEALTHZ_TIMEOUT_SECONDS
        last = "no answer"
        while time.monotonic() < deadline:
            for name, proc in self.processes:
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"{name} exited with {proc.returncode}:\n{self.log_tail(name)}"
                    )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (http://127.0.0.1)
                    body = json.loads(response.read())
                alive = body["processes"]["alive"]
                if all(alive.get(kind) for kind in ("web", "worker", "beat")):
                    return body
                last = f"200 but alive={alive}"
            except urllib.error.HTTPError as exc:
                last = f"{exc.code}: {exc.read()[:500]!r}"
            except (OSError, ValueError, KeyError) as exc:
                last = repr(exc)
            time.sleep(1)
        raise RuntimeError(f"/healthz not healthy after {HEALTHZ_TIMEOUT_SECONDS:g} s: {last}")

    def log_tail(self, name: str) -> str:
        return testenv.tail_file(self.tmp / f"{name}.log")

    def stop_processes(self) -> None:
        """SIGTERM each started process group (as systemd stops a unit), SIGKILL after 30 s."""
        for _name, proc in reversed(self.processes):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for name, proc in self.processes:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                say(f"{name} did not stop in {STOP_TIMEOUT_SECONDS:g} s; killing it")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            # Children left in the group (uvicorn's workers, Celery's pool) go with it.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        self.processes.clear()


def copy_working_tree(destination: Path) -> None:
    """The checkout as an operator has it: tracked and new files, nothing ignored."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def run(install: Install, blocks: dict[str, str]) -> None:
    found = testenv.ensure([testenv.REDIS, testenv.POSTGRES])
    binaries = found[testenv.POSTGRES.name]
    redis_server = found[testenv.REDIS.name]
    assert isinstance(binaries, testenv.PgBinaries) and isinstance(redis_server, Path)
    postgres = testenv.PostgresService(binaries, install.pg_port)
    redis = testenv.RedisService(redis_server, install.redis_port)
    try:
        with install.step("PostgreSQL and Redis"):
            postgres.start()
            redis.start()
            install.require_passwords(postgres)
        with install.step("2. role and database (the doc's SQL)"):
            # testenv makes a database named like the site's: the doc's SQL makes its own.
            install.psql(postgres, f"DROP DATABASE IF EXISTS {testenv.PG_DATABASE};\n")
            install.psql(postgres, install.localise(sql_of(blocks["sql"])))
        with install.step("3. Redis password"):
            password = install.localise(redis_password_of(blocks["redis-conf"]))
            if not install.redis_command("CONFIG", "SET", "requirepass", password).startswith(
                b"+OK"
            ):
                raise RuntimeError("Redis refused CONFIG SET requirepass")
            if not install.redis_command("PING").startswith(b"-NOAUTH"):
                raise RuntimeError("Redis still answers without the password")
        with install.step("4. directories"):
            install.bash(blocks["dirs"])
        with install.step("5. the checkout (a copy of this working tree)"):
            copy_working_tree(Path(install.localise("/srv/launch/src")))
        with install.step("6. release: host project, fresh venv, wheel built and installed"):
            out = install.bash(blocks["release"] + '\nprintf "REL=%s\\n" "$REL"\n')
            install.rel = re.findall(r"^REL=(.*)$", out, re.M)[-1]
            wheels = sorted(Path(install.rel, "dist").glob("launch_lms-*.whl"))
            say(f"  release {install.rel}, wheel {', '.join(w.name for w in wheels)}")
            leaked = [
                p
                for p in ("launch", "lms", "evidence", "coaching", "forums")
                if Path(install.rel, p).exists()
            ]
            if leaked:
                raise RuntimeError(f"the release directory holds app code: {leaked}")
        with install.step("7. environment file (and bash's reading of it)"):
            env_file = Path(install.localise("/etc/launch/env"))
            env_file.write_text(install.localise(blocks["env"]) + "\n")
            expected = env_assignments(install.localise(blocks["env"]))
            loaded = source_with_bash(env_file, install.base_env)
            wrong = {k: loaded.get(k) for k, v in expected.items() if loaded.get(k) != v}
            if wrong:
                raise RuntimeError(f"bash reads these values of {env_file} differently: {wrong}")
            say(f"  DEFAULT_FROM_EMAIL as bash reads it: {loaded['DEFAULT_FROM_EMAIL']!r}")
        with install.step("8. migrate, create_issuer_key, collectstatic, check --deploy"):
            out = install.bash(blocks["setup"], env={"REL": install.rel})
            say(
                "  "
                + "\n  ".join(
                    line for line in out.splitlines() if "issues" in line or "Secret" in line
                )
            )
        site_env = source_with_bash(env_file, install.base_env)
        with install.step("   the code runs from the venv, the host project from the release"):
            where = subprocess.run(
                [".venv/bin/python", "manage.py", "shell", "-c",
                 "import lms, config; print(lms.__file__); print(config.__file__)"],
                cwd=install.rel, env=site_env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if where.returncode != 0:
                raise RuntimeError(f"manage.py shell failed:\n{where.stderr[-3000:]}")
            lms_file, config_file = where.stdout.split()[-2:]
            venv = str(Path(install.rel, ".venv"))
            if not lms_file.startswith(venv) or not config_file.startswith(install.rel + "/config"):
                raise RuntimeError(f"imported lms from {lms_file}, config from {config_file}")
            say(f"  lms from {lms_file}\n  config from {config_file}")
        with install.step("9. web, worker and beat (the units' commands); /healthz"):
            for name in ("unit-beat", "unit-worker", "unit-web"):
                install.start_unit(name, blocks[name], site_env)
            body = install.wait_healthy()
            say(f"  /healthz 200: {json.dumps(body['processes']['alive'])}")
            # Logs in UTC (docs/deploy.md, section 9): Celery's lines as well as the site's.
            worker_log = install.log_tail("unit-worker")
            if not UTC_STAMP.search(worker_log):
                raise RuntimeError(f"no UTC time stamp in the worker's log:\n{worker_log}")
    except BaseException:
        for name, _proc in install.processes:
            say(f"--- tail of {name} ---\n{install.log_tail(name)}")
        raise
    finally:
        with install.step("stop and clean up"):
            install.stop_processes()
            for service in (redis, postgres):
                try:
                    service.stop()
                except Exception as exc:
                    say(f"error while stopping {type(service).__name__}: {exc}")
            testenv.reap_exited_orphans()


def main() -> int:
    started = time.monotonic()
    blocks = doc_blocks()
    testenv.become_child_subreaper()
    tmp = Path(tempfile.mkdtemp(prefix="deploy-check-"))
    pg_port, redis_port, web_port = testenv.pick_free_ports(3)
    install = Install(tmp, pg_port, redis_port, web_port)
    ok = False
    try:
        run(install, blocks)
        ok = True
    except (RuntimeError, ValueError, testenv.TestEnvError) as exc:
        say(f"FAILED: {exc}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    say("timings: " + ", ".join(f"{name.split(' (')[0]} {s:.1f} s" for name, s in install.timings))
    say(
        f"{'OK' if ok else 'FAILED'}: the documented install, in {time.monotonic() - started:.0f} s"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
