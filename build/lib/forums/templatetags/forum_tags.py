"""What the viewer may do with a post, for templates: ``{% if viewer|can_edit:p %}``."""

from django import template

from ..models import Post
from ..selectors import Viewer

register = template.Library()


@register.filter
def can_edit(viewer: Viewer, post: Post) -> bool:
    return viewer.can_edit(post)


@register.filter
def can_delete(viewer: Viewer, post: Post) -> bool:
    return viewer.can_delete(post)


@register.filter
def can_accept(viewer: Viewer, post: Post) -> bool:
    return viewer.can_accept(post)


@register.filter
def can_mark(viewer: Viewer, post: Post) -> bool:
    """Helpful and report: anyone but the author (neutral pushed copies show them)."""
    return not post.deleted and not viewer.is_own(post)


@register.filter
def marked(viewer: Viewer, post: Post) -> bool:
    return post.pk in viewer.helpful_ids
