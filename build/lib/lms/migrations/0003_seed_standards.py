"""Seed the ten CSIS standards (idempotent: existing rows keyed by number are left alone)."""

from django.db import migrations


def seed_standards(apps, schema_editor):
    from lms.content import STANDARDS

    Standard = apps.get_model("lms", "Standard")
    for s in STANDARDS:
        Standard.objects.get_or_create(
            number=s["number"],
            defaults={
                "code": s["code"],
                "name": s["name"],
                "description": s["description"],
                "indicators": "\n".join(s["indicators"]),
                "rubric_not_yet": s["rubric"]["not_yet"],
                "rubric_developing": s["rubric"]["developing"],
                "rubric_proficient": s["rubric"]["proficient"],
                "rubric_exemplary": s["rubric"]["exemplary"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("lms", "0002_programme")]

    operations = [migrations.RunPython(seed_standards, migrations.RunPython.noop)]
