"""Hostile Markdown and HTML through posts, topic titles, mentions and people's names, checked
in full pages, htmx partials, pushed WebSocket fragments, replays and emails."""

from html.parser import HTMLParser

import pytest
from django.core import mail

from forums import live, services
from forums.models import DigestPreference, Subscription
from forums.rendering import render_markdown
from forums.selectors import MEMBER, MODERATOR

from .conftest import cohort_forum, deliver_outbox

pytestmark = pytest.mark.django_db

CORPUS = [
    "<script>alert('post')</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    '<a href="javascript:alert(1)">a</a>',
    '"><svg onload=alert(1)>',
    "'><iframe src=//evil.example></iframe>",
    "<style>body{display:none}</style>",
    "<details open ontoggle=alert(1)>x</details>",
    '[t](https://ok.example "x\\" onmouseover=\\"alert(1)")',
    "<form action=//evil.example><button>go</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "```\n</code><script>alert(1)</script>\n```",
    "<!--<script>alert(1)//-->",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]
HOSTILE_NAME = ('"><script>alert("name")</script>', "<img src=x onerror=alert(2)>")
BAD_TAGS = {"script", "iframe", "svg", "math", "style", "img", "object", "embed"}


class SafetyChecker(HTMLParser):
    """Collects what would run: script elements without src, on* handlers, script URLs,
    and elements a post must never produce."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.problems.append("inline <script>")
        elif tag in BAD_TAGS - {"script"}:
            self.problems.append(f"<{tag}>")
        if tag == "form" and (names.get("action") or "").startswith("//"):
            self.problems.append("foreign form")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction") and value:
                scheme = value.strip().lower().replace("\t", "").replace("\n", "")
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.problems.append(f"{tag} {name}={value}")


def assert_safe(html: str, where: str) -> None:
    checker = SafetyChecker()
    checker.feed(html)
    checker.close()
    assert not checker.problems, f"{where}: {checker.problems}"


def assert_no_raw_markup(text: str, where: str) -> None:
    for raw in ("<script", "<img", "<svg", "<iframe", "<style", "<details"):
        assert raw not in text.lower(), f"{where}: {raw} appears unescaped"


@pytest.fixture
def hostile_world(world):
    """The participant and coach carry hostile names; every corpus entry is posted."""
    participant, coach = world.users["participant"], world.users["coach"]
    for user in (participant, coach):
        user.first_name, user.last_name = HOSTILE_NAME
        user.save()
    forum = cohort_forum(world.cohort)
    topics = []
    for i, payload in enumerate(CORPUS):
        topic = services.create_topic(
            actor=participant,
            forum_id=forum.pk,
            title=f"{payload} #{i}",
            body=f"{payload}\n\n@{coach.email.split('@')[0]} look",
            kind="question",
        )
        services.post_reply(actor=coach, topic_id=topic.pk, body=payload)
        topics.append(topic)
    return world, topics


def test_renderer_removes_everything_active():
    for payload in CORPUS:
        html = render_markdown(payload, {"someone": HOSTILE_NAME[0]})
        assert_safe(html, payload)
        assert_no_raw_markup(html, payload)
    mention = render_markdown("hi @someone", {"someone": HOSTILE_NAME[0]})
    assert '<span class="mention">@"&gt;&lt;script&gt;' in mention or "&lt;script" in mention


def test_full_pages_and_partials_are_safe(hostile_world):
    world, topics = hostile_world
    for role in ("participant", "coach", "editor"):
        client = world.client_for(role)
        forum = cohort_forum(world.cohort)
        pages = {
            "forum": client.get(f"/forums/{forum.pk}/"),
            "forum partial": client.get(f"/forums/{forum.pk}/", headers={"HX-Request": "true"}),
            "search": client.get("/forums/search/", {"q": "alert"}),
            "search partial": client.get(
                "/forums/search/", {"q": "alert"}, headers={"HX-Request": "true"}
            ),
            "index": client.get("/forums/"),
        }
        for topic in topics:
            pages[f"topic {topic.pk}"] = client.get(f"/forums/topics/{topic.pk}/")
            pages[f"topic partial {topic.pk}"] = client.get(
                f"/forums/topics/{topic.pk}/", headers={"HX-Request": "true"}
            )
        for where, response in pages.items():
            assert response.status_code == 200, where
            assert_safe(response.content.decode(), f"{role} {where}")
    # htmx answers to actions: a reply, a helpful mark, an accepted answer.
    client = world.client_for("coach")
    topic = topics[0]
    for payload in CORPUS:
        response = client.post(
            f"/forums/topics/{topic.pk}/reply/", {"body": payload}, headers={"HX-Request": "true"}
        )
        assert_safe(response.content.decode(), f"reply partial {payload}")
    opening = topic.posts.order_by("pk").first()
    response = client.post(f"/forums/posts/{opening.pk}/helpful/", headers={"HX-Request": "true"})
    assert_safe(response.content.decode(), "helpful partial")
    answer = topic.posts.exclude(author=world.users["participant"]).first()
    response = world.client_for("participant").post(
        f"/forums/posts/{answer.pk}/accept/", headers={"HX-Request": "true"}
    )
    assert_safe(response.content.decode(), "accept partial")


def test_pushed_fragments_and_replays_are_safe(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    sent: list[dict] = []
    monkeypatch.setattr("lms.live.send_now", lambda group, event: sent.append(event) or True)
    participant, coach = world.users["participant"], world.users["coach"]
    participant.first_name, participant.last_name = HOSTILE_NAME
    participant.save()
    forum = cohort_forum(world.cohort)
    with django_capture_on_commit_callbacks(execute=True):
        topic = services.create_topic(
            actor=participant, forum_id=forum.pk, title=CORPUS[0], body=CORPUS[1]
        )
    for payload in CORPUS:
        with django_capture_on_commit_callbacks(execute=True):
            post = services.post_reply(actor=participant, topic_id=topic.pk, body=payload)
        with django_capture_on_commit_callbacks(execute=True):
            services.moderate_post(actor=coach, post_id=post.pk, action="hide", reason=payload)
    fragments = [html for event in sent if "html" in event for html in event["html"].values()]
    assert len(fragments) > 2 * len(CORPUS)
    for html in fragments:
        assert_safe(html, "pushed fragment")
    for role in (MEMBER, MODERATOR):
        for item in live.replay_topic(participant, role, topic.pk, 0, 500):
            assert_safe(item["html"], f"topic replay {role}")
        for item in live.replay_forum(participant, role, forum.pk, 0, 500):
            assert_safe(item["html"], f"forum replay {role}")


def test_mention_and_digest_emails_are_safe(world, django_capture_on_commit_callbacks):
    participant, coach = world.users["participant"], world.users["coach"]
    participant.first_name, participant.last_name = HOSTILE_NAME
    participant.save()
    forum = cohort_forum(world.cohort)
    Subscription.objects.create(user=coach, forum=forum)
    DigestPreference.objects.create(user=coach, frequency="daily")
    handle = coach.email.split("@")[0]
    with django_capture_on_commit_callbacks(execute=True):
        topic = services.create_topic(
            actor=participant, forum_id=forum.pk, title=CORPUS[0], body=f"@{handle} {CORPUS[1]}"
        )
        for payload in CORPUS:
            services.post_reply(actor=participant, topic_id=topic.pk, body=payload)
    deliver_outbox()
    mention = [m for m in mail.outbox if "mentioned you" in m.subject]
    assert len(mention) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(frequency="daily") == 1
    deliver_outbox()
    digest = mail.outbox[-1]
    for message in (*mention, digest):
        html = message.alternatives[0][0]
        assert_safe(html, message.subject)
        assert_no_raw_markup(html, message.subject)
