"""P9: a 50 MB evidence upload raises the server's peak memory by at most 10 MB.

One uvicorn worker (embedded profile) serves the demo. The worker's peak resident set
(``VmHWM``) is reset through ``/proc/PID/clear_refs`` before each request and read after it:

* baseline: the same 50 MB multipart body posted to the bare "hello" view (the ASGI server and
  Django receive it; nothing parses it);
* real: the 50 MB PDF posted to the evidence upload view (parsed, streamed to a temporary file,
  sniffed, hashed, moved into private storage, the row written).

Goal: the real upload raises peak memory by at most 10 MB above the worker's resident set
before the request, and the upload is stored.
"""

import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import httpx

from .harness import PYTHON, ROOT, DemoSite, free_port, record

SIZE = 50 * 1024 * 1024
GOAL_MB = 10
ROUNDS = 3


def _kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def _reset_peak(pid: int) -> bool:
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _pdf(path: Path) -> None:
    with path.open("wb") as f:
        f.write(b"%PDF-1.4\n% LAUNCH! P9 upload\n")
        chunk = b"0" * (1024 * 1024)
        for _ in range(SIZE // len(chunk)):
            f.write(chunk)
        f.write(b"\n%%EOF\n")


def _draft_id(site: DemoSite) -> int:
    code = (
        "from evidence import services\n"
        "from lms.models import User\n"
        "u = User.objects.get(email='jordan@launch.example')\n"
        "print(services.create_submission(actor=u, standard_ids=[], title='P9').pk)\n"
    )
    return int(site.manage("shell", "-c", code).strip().splitlines()[-1])


def _stored_files(site: DemoSite) -> int:
    root = site.dir / "private"
    return sum(1 for p in root.rglob("*") if p.is_file()) if root.exists() else 0


def run() -> dict:
    site = DemoSite()
    site.env["PRIVATE_MEDIA_ROOT"] = str(site.dir / "private")
    work = Path(tempfile.mkdtemp(prefix="launch-p9-"))
    body = work / "evidence.pdf"
    port = free_port()
    proc = None
    try:
        site.prepare()
        session = site.session_for("jordan@launch.example")
        draft = _draft_id(site)
        _pdf(body)
        proc = subprocess.Popen(
            [PYTHON, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
             "--port", str(port), "--lifespan", "off", "--log-level", "warning",
             "--no-access-log"],
            cwd=ROOT, env=site.env,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()  # noqa: S310
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the benchmark server did not start") from None
                time.sleep(0.2)
        client = httpx.Client(base_url=base, cookies={"sessionid": session}, timeout=120)
        page = client.get(f"/evidence/{draft}/")  # warm up: imports, templates, csrf cookie
        page.raise_for_status()
        token = client.cookies.get("csrftoken") or ""
        headers = {"X-CSRFToken": token}
        upload_url = f"/evidence/{draft}/artefacts/"
        small = client.post(
            upload_url,
            data={"kind": "facilitation"},
            files={"file": ("warm.pdf", b"%PDF-1.4\nwarm\n%%EOF\n", "application/pdf")},
            headers=headers,
        )
        assert small.status_code == 302, small.status_code

        def measure(url: str) -> dict:
            before = _kb(proc.pid, "VmRSS")
            reset = _reset_peak(proc.pid)
            with body.open("rb") as f:
                response = client.post(
                    url,
                    data={"kind": "student"},
                    files={"file": ("evidence.pdf", f, "application/pdf")},
                    headers=headers,
                )
            peak = _kb(proc.pid, "VmHWM")
            return {
                "status": response.status_code,
                "rss_before_kb": before,
                "peak_kb": peak,
                "raise_mb": round((peak - before) / 1024, 2),
                "peak_reset": reset,
            }

        baseline, real = [], []
        for _ in range(ROUNDS):
            baseline.append(measure("/bench/hello/"))
            real.append(measure(upload_url))
        stored = _stored_files(site)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        site.cleanup()
        for leftover in work.glob("*"):
            leftover.unlink()
        work.rmdir()
    real_raise = max(r["raise_mb"] for r in real)
    baseline_raise = max(r["raise_mb"] for r in baseline)
    uploaded = all(r["status"] == 302 for r in real) and stored == ROUNDS + 1
    reset_ok = all(r["peak_reset"] for r in real + baseline)
    passed = uploaded and reset_ok and real_raise <= GOAL_MB
    figures = {
        "upload_mb": SIZE // (1024 * 1024),
        "real_raise_mb": real_raise,
        "baseline_raise_mb": baseline_raise,
        "stored_files": stored,
        "rounds": ROUNDS,
        "passed": passed,
        "goal": f"peak RSS raise of a 50 MB upload <= {GOAL_MB} MB; the file is stored",
        "summary": (
            f"50 MB upload raised peak RSS by {real_raise:.1f} MB (worst of {ROUNDS}); "
            f"the same body to a no-op view {baseline_raise:.1f} MB; stored {stored} files"
            + ("" if reset_ok else "; peak reset unavailable")
        ),
        "raw": {"baseline": baseline, "real": real},
    }
    record("p9-upload", figures)
    return figures
