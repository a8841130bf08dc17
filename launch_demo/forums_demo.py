"""Forums' part of the demo world (idempotent): a welcome topic in the cohort forum, a
question with an accepted answer in a standard forum, and everyone following them."""

from django.db import transaction

from forums import services
from forums.models import Forum, Subscription, Topic
from lms.models import Cohort, Standard
from lms.people import User


@transaction.atomic
def seed_forums(*, cohort: Cohort, users: dict[str, User]) -> None:
    """Add the demo conversations unless they are there already."""
    services.ensure_forums(cohort=cohort)
    forum = Forum.objects.get(kind=Forum.Kind.COHORT, cohort=cohort)
    coach, jordan, sam = users.get("coach"), users.get("jordan"), users.get("sam")
    if coach is None or jordan is None or sam is None:
        return
    if not Topic.objects.filter(forum=forum).exists():
        topic = services.create_topic(
            actor=coach,
            forum_id=forum.pk,
            title="Welcome to the cohort forum",
            body="Introduce yourself: your school, your role, and one improvement goal.",
        )
        services.post_reply(
            actor=jordan,
            topic_id=topic.pk,
            body="Hi all, I'm Jordan. This year I'm working on **attendance** at Oak Hill.",
        )
    standard = Standard.objects.filter(number=1).first()
    standard_forum = Forum.objects.filter(
        kind=Forum.Kind.STANDARD, programme_id=cohort.programme_id, standard=standard
    ).first()
    if standard_forum is not None and not Topic.objects.filter(forum=standard_forum).exists():
        question = services.create_topic(
            actor=sam,
            forum_id=standard_forum.pk,
            title="How do you triangulate data for a root-cause analysis?",
            body="Which three kinds of data did you bring to your first data dialogue?",
            kind=Topic.Kind.QUESTION,
        )
        answer = services.post_reply(
            actor=coach,
            topic_id=question.pk,
            body="Start with student outcomes, then *educator practice*, then the process "
            "itself. @jordan has a good example.",
        )
        services.accept_answer(actor=sam, post_id=answer.pk)
    for user in users.values():
        if user is not None and services.selectors.forum_role(user, forum) is not None:
            Subscription.objects.get_or_create(user=user, forum=forum)
