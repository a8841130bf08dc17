"""A person in cohorts of two programmes: the badge criteria and the standard forum follow the
cohort they chose as current, never whichever enrolment is newest (issue 14, item 1)."""

from datetime import date, timedelta

from evidence.badges.services import _programme_for
from evidence.models import Achievement
from forums.selectors import standard_forum_for
from forums.services import ensure_programme_forums
from lms.models import Standard
from lms.people import update_profile

from .factories import UserFactory, enrol, make_cohort, make_programme


def test_badges_and_standard_forums_follow_the_chosen_cohort(db):
    own = make_programme("LAUNCH!")
    other = make_programme("Another programme")
    for programme in (own, other):
        ensure_programme_forums(programme_id=programme.pk)
    person = UserFactory()
    mine = make_cohort(own, starts_on=date.today() - timedelta(days=60))
    newer = make_cohort(other, starts_on=date.today())
    enrol(person, mine)
    update_profile(person, current_cohort=mine)
    enrol(person, newer)  # e.g. added later by another organisation's coordinator
    person.refresh_from_db()
    standard = Standard.objects.get(number=1)

    assert _programme_for(person, Achievement(programme=None)) == own.pk
    assert standard_forum_for(user=person, standard=standard).programme_id == own.pk

    update_profile(person, current_cohort=newer)
    person.refresh_from_db()
    assert _programme_for(person, Achievement(programme=None)) == other.pk
    assert standard_forum_for(user=person, standard=standard).programme_id == other.pk
