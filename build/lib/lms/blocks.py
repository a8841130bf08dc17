"""StreamField blocks of a module page's body."""

from urllib.parse import parse_qs, urlparse

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


def video_embed_url(url: str) -> str | None:
    """A privacy-friendly player URL for YouTube and Vimeo links, or ``None``.

    Computed from the link alone: no oEmbed request, so a module with many videos costs no
    network round trip and no database query.
    """
    parsed = urlparse(url)
    host = (parsed.hostname or "").removeprefix("www.").removeprefix("m.")
    if host in {"youtube.com", "youtube-nocookie.com"}:
        video_id = parse_qs(parsed.query).get("v", [""])[0]
        if not video_id and parsed.path.startswith("/embed/"):
            video_id = parsed.path.split("/")[2]
    elif host == "youtu.be":
        video_id = parsed.path.lstrip("/")
    elif host == "vimeo.com":
        vimeo_id = parsed.path.strip("/").split("/")[0]
        return f"https://player.vimeo.com/video/{vimeo_id}" if vimeo_id.isdigit() else None
    else:
        return None
    if not video_id or not all(c.isalnum() or c in "-_" for c in video_id):
        return None
    return f"https://www.youtube-nocookie.com/embed/{video_id}"


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock(help_text=_("A YouTube or Vimeo link, or any video page."))
    transcript = blocks.TextBlock(
        required=False, help_text=_("A summary or transcript for people who cannot watch.")
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = video_embed_url(value["url"])
        return context

    class Meta:
        icon = "media"
        template = "lms/blocks/video.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    description = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        template = "lms/blocks/document.html"


class ReflectionPromptBlock(blocks.StructBlock):
    """A question the participant answers; the answer is saved per module."""

    prompt = blocks.TextBlock()
    guidance = blocks.TextBlock(required=False)

    class Meta:
        icon = "edit"
        template = "lms/blocks/reflection_prompt.html"


class PracticeTaskBlock(blocks.StructBlock):
    """Something to apply in the participant's own school."""

    title = blocks.CharBlock(max_length=200)
    instructions = blocks.RichTextBlock(features=["bold", "italic", "ol", "ul", "link"])
    time_frame = blocks.CharBlock(max_length=100, default=_("This week"))

    class Meta:
        icon = "tasks"
        template = "lms/blocks/practice_task.html"


class EvidencePromptBlock(blocks.StructBlock):
    standard = SnippetChooserBlock("lms.Standard")
    prompt = blocks.TextBlock()

    class Meta:
        icon = "clipboard-list"
        template = "lms/blocks/evidence_prompt.html"


class DiscussionPromptBlock(blocks.StructBlock):
    question = blocks.TextBlock()

    class Meta:
        icon = "comment"
        template = "lms/blocks/discussion_prompt.html"


class InPersonSessionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    agenda = blocks.RichTextBlock(features=["bold", "italic", "ol", "ul", "link"])
    duration_minutes = blocks.IntegerBlock(min_value=15, max_value=600)
    materials = blocks.TextBlock(required=False)

    class Meta:
        icon = "group"
        template = "lms/blocks/in_person_session.html"


class ModuleBodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
        template="lms/blocks/rich_text.html",
    )
    video = VideoBlock()
    document = DocumentBlock()
    reflection_prompt = ReflectionPromptBlock()
    practice_task = PracticeTaskBlock()
    evidence_prompt = EvidencePromptBlock()
    discussion_prompt = DiscussionPromptBlock()
    in_person_session = InPersonSessionBlock()

    class Meta:
        block_counts = {"reflection_prompt": {"max_num": 1}}
