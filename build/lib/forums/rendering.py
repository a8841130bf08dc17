"""Markdown to safe HTML: markdown-it-py (raw HTML off), then nh3's allow-list sanitiser.

Mentions (``@handle``, the local part of a member's email address) become
``<span class="mention">@Name</span>``; the names are escaped before the sanitiser runs, and
the sanitiser sees the whole result.
"""

import re
import secrets
from collections.abc import Mapping

import nh3
from django.utils.html import escape
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "hr", "span", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"class"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9][A-Za-z0-9._+-]{0,63})")

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
# Headings from a post start at level 3 (the page owns h1 and h2).
_md.disable(["image"])


def _shift_headings(html: str) -> str:
    return re.sub(r"<(/?)h([12])>", lambda m: f"<{m.group(1)}h3>", html)


def find_mentions(markdown: str) -> set[str]:
    """The handles ``@name`` written in ``markdown`` (lower-cased)."""
    return {m.group(1).rstrip(".").lower() for m in MENTION.finditer(markdown)}


def render_markdown(markdown: str, mentions: Mapping[str, str] | None = None) -> str:
    """Sanitised HTML of ``markdown``; ``mentions`` maps handles to display names."""
    mentions = {k.lower(): v for k, v in (mentions or {}).items()}
    token = "mentionph" + secrets.token_hex(8)
    found: list[str] = []

    def mark(match: re.Match[str]) -> str:
        handle = match.group(1).rstrip(".").lower()
        if handle not in mentions:
            return match.group(0)
        found.append(handle)
        rest = match.group(1)[len(handle) :]
        return f"{token}x{len(found) - 1}x{rest}"

    source = MENTION.sub(mark, markdown) if mentions else markdown
    html = _shift_headings(_md.render(source))
    for i, handle in enumerate(found):
        html = html.replace(
            f"{token}x{i}x",
            f'<span class="mention">@{escape(mentions[handle])}</span>',
        )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    )


def plain_text(markdown: str, limit: int = 300) -> str:
    """A short plain-text excerpt (for emails and listings); not HTML, escape when shown."""
    text = re.sub(r"\s+", " ", markdown).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
