"""A GIN index for full-text search of posts, on PostgreSQL only (SQLite searches with
LIKE). The expression matches ``SearchVector("body_markdown", config="english")``."""

from django.db import migrations

INDEX = "forums_post_fts"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON forums_post USING gin "
        "(to_tsvector('english'::regconfig, COALESCE((body_markdown)::text, ''::text)))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("forums", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
