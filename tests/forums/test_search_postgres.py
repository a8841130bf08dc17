"""Full-text search on PostgreSQL (scale-out profile): the GIN index exists and serves the
selector's query."""

import os

import pytest
from django.db import connection

from forums import selectors, services

from .conftest import make_topic

pytestmark = [
    pytest.mark.scaleout,
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="needs PostgreSQL"),
]


def test_full_text_search_uses_the_gin_index(world):
    topic = make_topic(world, body="Chronic absenteeism dropped after the mentoring pilot.")
    services.post_reply(actor=world.users["coach"], topic_id=topic.pk, body="Mentors matter")
    found = selectors.search_posts(user=world.users["participant"], query="absentee mentoring")
    assert [p.topic_id for p in found] == [topic.pk]  # stemming: absenteeism, mentoring
    assert selectors.search_posts(user=world.users["other_participant"], query="mentoring") == []
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM forums_post WHERE to_tsvector('english'::regconfig, "
            "COALESCE((body_markdown)::text, '')) @@ websearch_to_tsquery('english'::regconfig, "
            "'mentoring')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "forums_post_fts" in plan, plan
