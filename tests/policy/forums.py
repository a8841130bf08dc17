"""Policy entries for the routes of forums.

Cohort A's forum is for its participant and coach (the coach moderates) and programme staff
(editor, superuser: moderators everywhere). Coordinators and reviewers are not forum members.
Objects of cohort B (forged ids for cohort A's people) give 404.
"""

from django.db.models import Model

from forums.models import DigestPreference, HelpfulMark, Post, Report, Subscription, Topic

from .base import PARTICIPANTS, Check, only

A_MEMBERS = ("participant", "coach", "editor", "superuser")
A_MODERATORS = ("coach", "editor", "superuser")
B_MEMBERS = ("other_participant", "other_coach", "editor", "superuser")


def _forum(w, cohort=None):
    from forums.models import Forum

    return Forum.objects.get(kind=Forum.Kind.COHORT, cohort=cohort or w.cohort)


def _topic(w) -> Topic:
    from forums import services

    return w.once(
        "forum_topic",
        lambda w: services.create_topic(
            actor=w.users["participant"], forum_id=_forum(w).pk, title="Policy", body="Hello"
        ),
    )


def _other_topic(w) -> Topic:
    from forums import services

    return w.once(
        "forum_other_topic",
        lambda w: services.create_topic(
            actor=w.users["other_participant"],
            forum_id=_forum(w, w.other_cohort).pk,
            title="Cohort B",
            body="Ours",
        ),
    )


def _post(w, key: str = "forum_post") -> Post:
    from forums import services

    return w.once(
        key,
        lambda w: services.post_reply(
            actor=w.users["participant"], topic_id=_topic(w).pk, body=f"A post ({key})"
        ),
    )


def _answer(w) -> Post:
    from forums import services

    def make(w):
        question = services.create_topic(
            actor=w.users["participant"],
            forum_id=_forum(w).pk,
            title="A question",
            body="How?",
            kind="question",
        )
        return services.post_reply(actor=w.users["coach"], topic_id=question.pk, body="Thus")

    return w.once("forum_answer", make)


def _report(w) -> Report:
    from forums import services

    return w.once(
        "forum_report",
        lambda w: services.report_post(
            actor=w.users["coach"], post_id=_post(w, "reported").pk, reason="Off topic"
        ),
    )


def _standard(w) -> int:
    from lms.models import Standard

    return Standard.objects.get(number=1).pk


MEMBERS_OK = {"anonymous": "login", **only(A_MEMBERS, "ok")}
MEMBERS_REDIRECT = {"anonymous": "login", **only(A_MEMBERS, "redirect")}
MODERATORS_REDIRECT = {"anonymous": "login", **only(A_MODERATORS, "redirect")}

POLICY: dict[str, list[Check]] = {
    "forums:index": [Check("GET", lambda w: "/forums/", "ok", {"anonymous": "login"})],
    "forums:forum": [
        Check("GET", lambda w: f"/forums/{_forum(w).pk}/", "404", MEMBERS_OK),
        Check("GET", lambda w: f"/forums/{_forum(w).pk + 9999}/", "404", {"anonymous": "login"}),
        Check("POST", lambda w: f"/forums/{_forum(w).pk}/", "405"),
    ],
    "forums:new_topic": [
        Check("GET", lambda w: f"/forums/{_forum(w).pk}/topics/new/", "404", MEMBERS_OK),
        Check(
            "POST",
            lambda w: f"/forums/{_forum(w).pk}/topics/new/",
            "404",
            MEMBERS_REDIRECT,
            data=lambda w: {"title": "New", "kind": "discussion", "body": "Body"},
        ),
    ],
    "forums:follow_forum": [
        Check(
            "POST",
            lambda w: f"/forums/{_forum(w).pk}/follow/",
            "404",
            MEMBERS_REDIRECT,
            data=lambda w: {"follow": "on"},
        ),
        Check("GET", lambda w: f"/forums/{_forum(w).pk}/follow/", "405"),
    ],
    "forums:topic": [
        Check("GET", lambda w: f"/forums/topics/{_topic(w).pk}/", "404", MEMBERS_OK),
        Check(
            "GET",
            lambda w: f"/forums/topics/{_other_topic(w).pk}/",
            "404",
            {"anonymous": "login", **only(B_MEMBERS, "ok")},
        ),
    ],
    "forums:reply": [
        Check(
            "POST",
            lambda w: f"/forums/topics/{_topic(w).pk}/reply/",
            "404",
            MEMBERS_REDIRECT,
            data=lambda w: {"body": "A reply"},
        ),
        Check(
            "POST",
            lambda w: f"/forums/topics/{_other_topic(w).pk}/reply/",
            "404",
            {"anonymous": "login", **only(B_MEMBERS, "redirect")},
            data=lambda w: {"body": "Forged"},
        ),
        Check("GET", lambda w: f"/forums/topics/{_topic(w).pk}/reply/", "405"),
    ],
    "forums:follow_topic": [
        Check(
            "POST",
            lambda w: f"/forums/topics/{_topic(w).pk}/follow/",
            "404",
            MEMBERS_REDIRECT,
            data=lambda w: {"follow": "on"},
        ),
    ],
    "forums:moderate_topic": [
        Check(
            "POST",
            lambda w: f"/forums/topics/{_topic(w).pk}/moderate/",
            "404",
            MODERATORS_REDIRECT,
            data=lambda w: {"action": "pin", "reason": "Useful"},
        ),
        Check(
            "POST",
            lambda w: f"/forums/topics/{_other_topic(w).pk}/moderate/",
            "404",
            {"anonymous": "login", **only(("other_coach", "editor", "superuser"), "redirect")},
            data=lambda w: {"action": "lock", "reason": "Done"},
        ),
    ],
    "forums:edit_post": [
        Check(
            "GET",
            lambda w: f"/forums/posts/{_post(w).pk}/edit/",
            "404",
            {"anonymous": "login", "participant": "ok", **only(A_MODERATORS, "redirect")},
        ),
        Check(
            "POST",
            lambda w: f"/forums/posts/{_post(w).pk}/edit/",
            "404",
            {"anonymous": "login", "participant": "redirect", **only(A_MODERATORS, "403")},
            data=lambda w: {"body": "Edited"},
        ),
    ],
    "forums:delete_post": [
        Check(
            "POST",
            lambda w: f"/forums/posts/{_post(w, 'to_delete').pk}/delete/",
            "404",
            {"anonymous": "login", "participant": "redirect", **only(A_MODERATORS, "403")},
        ),
        Check("GET", lambda w: f"/forums/posts/{_post(w).pk}/delete/", "405"),
    ],
    "forums:accept_post": [
        Check(
            "POST",
            lambda w: f"/forums/posts/{_answer(w).pk}/accept/",
            "404",
            {"anonymous": "login", "participant": "redirect", **only(A_MODERATORS, "redirect")},
        ),
    ],
    "forums:helpful": [
        Check(
            "POST",
            lambda w: f"/forums/posts/{_post(w).pk}/helpful/",
            "404",
            {"anonymous": "login", "participant": "403", **only(A_MODERATORS, "redirect")},
        ),
    ],
    "forums:report_post": [
        Check("GET", lambda w: f"/forums/posts/{_post(w).pk}/report/", "404", MEMBERS_OK),
        Check(
            "POST",
            lambda w: f"/forums/posts/{_post(w).pk}/report/",
            "404",
            MEMBERS_REDIRECT,
            data=lambda w: {"reason": "Spam"},
        ),
    ],
    "forums:moderate_post": [
        Check(
            "POST",
            lambda w: f"/forums/posts/{_post(w, 'to_hide').pk}/moderate/",
            "404",
            MODERATORS_REDIRECT,
            data=lambda w: {"action": "hide", "reason": "Off topic"},
        ),
    ],
    "forums:moderation_queue": [
        Check(
            "GET",
            lambda w: "/forums/moderation/",
            "404",
            {"anonymous": "login", **only((*A_MODERATORS, "other_coach"), "ok")},
        ),
    ],
    "forums:resolve_report": [
        Check(
            "POST",
            lambda w: f"/forums/reports/{_report(w).pk}/resolve/",
            "404",
            MODERATORS_REDIRECT,
        ),
        Check("GET", lambda w: f"/forums/reports/{_report(w).pk}/resolve/", "405"),
    ],
    "forums:search": [
        Check("GET", lambda w: "/forums/search/?q=hello", "ok", {"anonymous": "login"})
    ],
    "forums:settings": [
        Check("GET", lambda w: "/forums/settings/", "ok", {"anonymous": "login"}),
        Check(
            "POST",
            lambda w: "/forums/settings/",
            "redirect",
            {"anonymous": "login"},
            data=lambda w: {"frequency": "weekly"},
        ),
    ],
    "forums:share": [
        Check(
            "GET",
            lambda w: f"/forums/share/?standard={_standard(w)}",
            "404",
            {"anonymous": "login", **only(PARTICIPANTS, "ok")},
        ),
        Check(
            "POST",
            lambda w: "/forums/share/",
            "404",
            {"anonymous": "login", **only(PARTICIPANTS, "redirect")},
            data=lambda w: {
                "standard": _standard(w),
                "title": "My evidence",
                "summary": "What I learned",
                "source": "Root-cause analysis",
            },
        ),
    ],
}


# Models whose row counts a refused POST must leave unchanged.
WATCHED: list[type[Model]] = [Topic, Post, HelpfulMark, Report, Subscription, DigestPreference]
