"""P1: the module page for a logged-in participant against a bare Django "hello" view.

Same uvicorn process and middleware; server and wrk on separate cores; A/B interleaved five
times; medians. Goal: throughput ratio >= 0.5 (never below 0.25); p95 at most 3x hello's.
"""

from .harness import DemoSite, asgi_server, cpu_list, median, record, wrk

ROUNDS = 5
SECONDS = 4
CONNECTIONS = 8


def run() -> dict:
    site = DemoSite()
    try:
        site.prepare()
        session = site.session_for("maria@launch.example")
        module_path = site.first_module_path()
        server_core, load_core = cpu_list()
        cookie = f"sessionid={session}"
        with asgi_server(site, server_core) as base:
            hello_url, module_url = base + "/bench/hello/", base + module_path
            user_url = base + "/bench/hello-user/"
            for url in (hello_url, user_url, module_url):  # warm up: imports, caches
                wrk(url, core=load_core, seconds=2, connections=CONNECTIONS, cookie=cookie)
            hello, module, hello_user = [], [], []

            def measure(url: str) -> dict:
                return wrk(
                    url, core=load_core, seconds=SECONDS, connections=CONNECTIONS, cookie=cookie
                )

            for _ in range(ROUNDS):  # A/B interleaved
                hello.append(measure(hello_url))
                module.append(measure(module_url))
                hello_user.append(measure(user_url))
    finally:
        site.cleanup()
    errors = sum(
        r["errors_status"] + r["errors_timeout"] + r["errors_read"] for r in hello + module
    )
    hello_rps, module_rps = median([r["rps"] for r in hello]), median([r["rps"] for r in module])
    hello_p95, module_p95 = (
        median([r["p95_ms"] for r in hello]),
        median([r["p95_ms"] for r in module]),
    )
    ratio = round(module_rps / hello_rps, 3)
    # Diagnostic, not the goal: a hello that reads the session and user pays the per-request
    # database connection that every signed-in page pays under ASGI.
    user_rps = median([r["rps"] for r in hello_user])
    p95_ratio = round(module_p95 / hello_p95, 2)
    passed = ratio >= 0.5 and p95_ratio <= 3 and errors == 0
    figures = {
        "hello_rps": hello_rps,
        "module_rps": module_rps,
        "throughput_ratio": ratio,
        "hello_user_rps": user_rps,
        "module_vs_hello_user": round(module_rps / user_rps, 3),
        "hello_p95_ms": hello_p95,
        "module_p95_ms": module_p95,
        "p95_ratio": p95_ratio,
        "errors": errors,
        "rounds": ROUNDS,
        "seconds_per_round": SECONDS,
        "connections": CONNECTIONS,
        "passed": passed,
        "goal": "throughput ratio >= 0.5 (floor 0.25), p95 <= 3x hello, no errors",
        "summary": (
            f"module {module_rps:.0f} req/s vs hello {hello_rps:.0f} req/s = "
            f"{ratio:.2f}; p95 {module_p95:.1f} ms vs {hello_p95:.1f} ms = "
            f"{p95_ratio:.1f}x; errors {errors}"
        ),
        "raw": {"hello": hello, "module": module, "hello_user": hello_user},
    }
    record("p1-module-page", figures)
    return figures
