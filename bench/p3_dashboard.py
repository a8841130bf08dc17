"""P3: the coordinator's cohort dashboard (standards heatmap) at 10,000 participants vs 10.

A throw-away demo database (embedded profile, DEBUG off); in a child process two cohorts of
the demo organisation get 10 and 10,000 participants with module and standard progress (bulk
inserts), then the demo coordinator's dashboard of each is rendered in-process through
Django's test client, interleaved, 20 times after a warm-up. Goal: the median at 10,000 is
at most 2x the median at 10. The summary cards are cached for a minute
(lms.dashboard.selectors), so the timed renders reuse them, as coordinators paging through
the roster do; renders that recompute them are recorded beside (``cold_summary_*``) and are
not part of the goal.
"""

import json
import statistics
import subprocess
import sys
import time

from .harness import PYTHON, ROOT, DemoSite, median, record

ROUNDS = 20
WARMUP = 3
COLD_ROUNDS = 5
SIZES = (10, 10_000)
COORDINATOR = "coordinator@launch.example"


def _populate(size: int):  # type: ignore[no-untyped-def]
    """A cohort of the demo organisation with ``size`` participants and their progress."""
    from datetime import timedelta

    from django.utils import timezone

    from lms.models import (
        Cohort,
        Enrolment,
        ModulePage,
        ModuleProgress,
        Organisation,
        Profile,
        Standard,
        StandardProgress,
        User,
    )

    demo = Cohort.objects.get(name="Piedmont Regional Cohort")
    organisation = Organisation.objects.get(pk=demo.organisation_id)
    coach = User.objects.get(email="coach@launch.example")
    cohort = Cohort.objects.create(
        name=f"Bench cohort {size}",
        programme_id=demo.programme_id,
        organisation=organisation,
        kind=Cohort.Kind.REGIONAL,
        starts_on=demo.starts_on,
        ends_on=demo.ends_on,
        seat_limit=size,
        status=Cohort.Status.RUNNING,
    )
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                email=f"bench{size}-{i}@bench.example",
                first_name=f"Bench{i:05d}",
                last_name=f"Person{(i * 7919) % size:05d}",
                password="!",  # noqa: S106 - an unusable password
            )
            for i in range(size)
        ],
        batch_size=2000,
    )
    Profile.objects.bulk_create(
        [
            Profile(
                user=user,
                school="Bench School",
                calendar_key=None,
                last_activity_at=None if i % 11 == 0 else now - timedelta(days=i % 40),
            )
            for i, user in enumerate(users)
        ],
        batch_size=2000,
    )
    statuses = [Enrolment.Status.ACTIVE] * 7 + [
        Enrolment.Status.INVITED,
        Enrolment.Status.COMPLETED,
        Enrolment.Status.WITHDRAWN,
    ]
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                cohort=cohort,
                user=user,
                role=Enrolment.Role.PARTICIPANT,
                status=statuses[i % len(statuses)],
                coach=coach,
            )
            for i, user in enumerate(users)
        ],
        batch_size=2000,
    )
    modules = list(
        ModulePage.objects.live()
        .child_of(cohort.programme)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    standards = list(Standard.objects.order_by("number").values_list("pk", flat=True))
    ModuleProgress.objects.bulk_create(
        [
            ModuleProgress(user=user, module_id=module_id, status=ModuleProgress.Status.COMPLETED)
            for i, user in enumerate(users)
            for module_id in modules[: i % (len(modules) + 1)]
        ],
        batch_size=2000,
    )
    StandardProgress.objects.bulk_create(
        [
            StandardProgress(
                user=user, standard_id=standard_id, level=(i + j) % 4, proficient_at=now
            )
            for i, user in enumerate(users)
            for j, standard_id in enumerate(standards[: i % (len(standards) + 1)])
        ],
        batch_size=2000,
    )
    return cohort


def measure() -> dict:
    """In the child process: populate, render, time. Returns the raw timings (ms)."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lms.models import User

    started = time.perf_counter()
    cohorts = {size: _populate(size) for size in SIZES}
    populate_s = round(time.perf_counter() - started, 1)
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(email=COORDINATOR))
    urls = {size: f"/learn/cohorts/{cohort.pk}/" for size, cohort in cohorts.items()}

    def render(url: str) -> float:
        t0 = time.perf_counter()
        response = client.get(url)
        body = response.content
        elapsed = (time.perf_counter() - t0) * 1000
        if response.status_code != 200 or b"heatmap" not in body:
            raise RuntimeError(f"{url}: {response.status_code}")
        return elapsed

    for _ in range(WARMUP):
        for url in urls.values():
            render(url)
    timings: dict[int, list[float]] = {size: [] for size in SIZES}
    for _ in range(ROUNDS):  # interleaved
        for size, url in urls.items():
            timings[size].append(render(url))
    queries = {}
    for size, url in urls.items():
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries[size] = len(ctx.captured_queries)
    # Diagnostic: the heaviest filter combination at 10,000 (sort by activity, not proficient).
    heavy = f"{urls[SIZES[-1]]}?sort=activity&standard=3&inactive=on"
    filtered = [render(heavy) for _ in range(ROUNDS)]
    # Diagnostic: a render that recomputes the summary cards (cached for a minute otherwise).
    from lms.dashboard.selectors import DashboardScope, forget_summary

    cold: dict[int, list[float]] = {size: [] for size in SIZES}
    for _ in range(COLD_ROUNDS):
        for size, url in urls.items():
            forget_summary(DashboardScope(cohort=cohorts[size]))
            cold[size].append(render(url))
    return {
        "cold_summary_ms": {str(k): v for k, v in cold.items()},
        "timings_ms": {str(k): v for k, v in timings.items()},
        "filtered_10000_ms": filtered,
        "queries": {str(k): v for k, v in queries.items()},
        "populate_s": populate_s,
    }


def run() -> dict:
    site = DemoSite()
    try:
        site.prepare()
        result = subprocess.run(
            [PYTHON, "-m", "bench.p3_dashboard", "measure"],
            cwd=ROOT,
            env=site.env,
            check=True,
            capture_output=True,
            text=True,
        )
        raw = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        site.cleanup()
    small_ms = median(raw["timings_ms"][str(SIZES[0])])
    large_ms = median(raw["timings_ms"][str(SIZES[-1])])
    filtered_ms = median(raw["filtered_10000_ms"])
    ratio = round(large_ms / small_ms, 2)
    same_queries = len(set(raw["queries"].values())) == 1
    passed = ratio <= 2 and same_queries
    figures = {
        "small_participants": SIZES[0],
        "large_participants": SIZES[-1],
        "small_median_ms": small_ms,
        "large_median_ms": large_ms,
        "ratio": ratio,
        "large_p90_ms": round(statistics.quantiles(raw["timings_ms"][str(SIZES[-1])], n=10)[-1], 2),
        "filtered_large_median_ms": filtered_ms,
        "queries": raw["queries"],
        "cold_summary_small_median_ms": median(raw["cold_summary_ms"][str(SIZES[0])]),
        "cold_summary_large_median_ms": median(raw["cold_summary_ms"][str(SIZES[-1])]),
        "populate_seconds": raw["populate_s"],
        "rounds": ROUNDS,
        "passed": passed,
        "goal": "median render at 10,000 participants <= 2x at 10; same query count",
        "summary": (
            f"dashboard {large_ms:.1f} ms at {SIZES[-1]:,} vs {small_ms:.1f} ms at {SIZES[0]} "
            f"= {ratio:.2f}x; queries {raw['queries'][str(SIZES[0])]} vs "
            f"{raw['queries'][str(SIZES[-1])]}; filtered {filtered_ms:.1f} ms; summary "
            f"recomputed {median(raw['cold_summary_ms'][str(SIZES[-1])]):.1f} ms"
        ),
        "raw": raw,
    }
    record("p3-dashboard", figures)
    return figures


if __name__ == "__main__":
    if sys.argv[1:] == ["measure"]:
        print(json.dumps(measure()))
    else:
        print(json.dumps(run(), indent=2))
