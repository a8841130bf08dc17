"""Markdown to safe HTML for feedback messages: markdown-it-py (raw HTML off), then nh3 with
a small allow-list (paragraphs, emphasis, lists, links, code). Links get
``rel="nofollow noopener noreferrer"``; images, headings and raw HTML never survive."""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.disable(["image", "heading", "lheading", "table"], ignoreInvalid=True)


def render_markdown(markdown: str) -> str:
    """Sanitised HTML of ``markdown`` (safe to mark safe in templates and emails)."""
    return nh3.clean(
        _md.render(markdown),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def plain_excerpt(markdown: str, limit: int = 200) -> str:
    """A one-line plain-text excerpt (escape it when shown)."""
    text = " ".join(markdown.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
