"""Process-wide caches of the page tree that pages read on every request.

Wagtail looks up the ``Site`` and the root page on each request (two or three queries) and
the module page lists its programme's modules. These change only when an editor publishes,
moves or deletes a page or edits a site, so they are cached under a tree version that those
events bump (see :func:`bump_tree_version`, connected in ``lms.signals``).
"""

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from wagtail.models import Site

TREE_VERSION_KEY = "lms:tree-version"
TTL_SECONDS = 600


def _version(key: str) -> int:
    """A counter in the cache that keys derived entries; starts at 1, never expires."""
    version = cache.get(key)
    if version is None:
        cache.add(key, 1, None)
        version = cache.get(key, 1)
    return int(version)


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not there (evicted or never read): any new value invalidates
        cache.set(key, 2, None)


def tree_version() -> int:
    return _version(TREE_VERSION_KEY)


def bump_tree_version(*args: Any, **kwargs: Any) -> None:
    _bump(TREE_VERSION_KEY)


def site_for_request(request: HttpRequest) -> Site | None:
    """Wagtail's site for the request, with its specific root page, from the cache."""
    host = request._get_raw_host()  # type: ignore[attr-defined]  # what Wagtail matches on
    key = f"lms:site:{tree_version()}:{host}:{request.get_port()}"
    site = cache.get(key)
    if site is None:
        site = Site._find_for_request(request)
        if site is None:
            return None
        site.root_page = site.root_page.specific
        cache.set(key, site, TTL_SECONDS)
    return site


def programme_nav(programme_path: str) -> list[dict[str, Any]]:
    """The live modules of a programme in order: id, title, url path, minutes."""
    from .models import ModulePage

    key = f"lms:programme-nav:{tree_version()}:{programme_path}"
    nav = cache.get(key)
    if nav is None:
        depth = len(programme_path) // ModulePage.steplen + 1
        nav = list(
            ModulePage.objects.live()
            .filter(path__startswith=programme_path, depth=depth)
            .order_by("path")
            .values("id", "title", "url_path", "estimated_minutes")
        )
        cache.set(key, nav, TTL_SECONDS)
    return nav


def any_view_restrictions() -> bool:
    """Whether any page has a view restriction (private pages); cached per tree version."""
    from wagtail.models import PageViewRestriction

    key = f"lms:any-view-restrictions:{tree_version()}"
    found = cache.get(key)
    if found is None:
        found = PageViewRestriction.objects.exists()
        cache.set(key, found, TTL_SECONDS)
    return bool(found)


def user_version(user_id: int) -> int:
    """A counter that changes whenever the user's progress or reflections change."""
    return _version(f"lms:user-version:{user_id}")


def bump_user_version(user_id: int) -> None:
    _bump(f"lms:user-version:{user_id}")
