"""Query budgets that do not grow with data (QUALITY.md P2)."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.models import ModulePage

from ..factories import UserFactory, enrol, make_cohort, make_module, make_programme


def _count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _participant(programme, client):
    user = UserFactory()
    enrol(user, make_cohort(programme))
    client.force_login(user)
    return user


MODULE_PAGE_BUDGET = 1  # warm: the user; everything else is cached
MODULE_PAGE_COLD_BUDGET = 8  # + route, nav, statuses, reflection, snippets, standards
DASHBOARD_BUDGET = 12


def test_module_page_same_queries_for_1_and_200_blocks(db, client):
    programme = make_programme()
    small = make_module(programme, blocks=1)
    large = make_module(programme, blocks=200, standards=[1, 2, 3])
    _participant(programme, client)

    def cold(url: str) -> int:
        """A first visit after the caches were emptied (the body renders, snippets load)."""
        cache.clear()
        client.get("/")  # the site, its root paths and the user's access context
        return _count(client, url)

    cold = (cold(small.url), cold(large.url))
    client.get(small.url)  # both bodies rendered once more, then measured warm
    warm = (_count(client, small.url), _count(client, large.url))
    assert cold[0] == cold[1] <= MODULE_PAGE_COLD_BUDGET
    assert warm[0] == warm[1] <= MODULE_PAGE_BUDGET


def test_module_page_same_queries_for_programmes_of_1_and_100_modules(db, client):
    lone = make_programme("Lone")
    lone_module = make_module(lone, blocks=5)
    user = _participant(lone, client)
    client.get(lone_module.url)
    small = _count(client, lone_module.url)

    big = make_programme("Big")  # now the site's root
    modules = [make_module(big, blocks=5) for _ in range(100)]
    enrol(user, make_cohort(big))
    assert ModulePage.objects.child_of(big).count() == 100
    client.get(modules[50].url)
    assert _count(client, modules[50].url) == small <= MODULE_PAGE_BUDGET


def test_dashboard_same_queries_for_1_and_50_modules(db, client):
    def dashboard_queries(count: int) -> int:
        programme = make_programme(f"P{count}")
        modules = [make_module(programme, standards=[1 + i % 10]) for i in range(count)]
        user = _participant(programme, client)
        from lms.models import ModuleProgress

        for m in modules[: count // 2]:
            ModuleProgress.objects.create(user=user, module=m, status="completed")
        client.get("/learn/dashboard/")
        return _count(client, "/learn/dashboard/")

    assert dashboard_queries(1) == dashboard_queries(50) <= DASHBOARD_BUDGET


def test_programme_page_same_queries_for_1_and_100_modules(db, client):
    programme = make_programme()
    make_module(programme)
    _participant(programme, client)
    client.get("/")
    few = _count(client, "/")
    for _ in range(99):
        make_module(programme, standards=[2, 4])
    client.get("/")  # the page tree changed: caches refill once
    assert _count(client, "/") == few
