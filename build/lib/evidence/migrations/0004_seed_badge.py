"""The LAUNCH! completion badge (all required modules, all ten standards proficient), and
the badge admin for programme staff (Wagtail's Editors group)."""

from django.db import migrations

PERMISSIONS = {
    "achievement": ("add", "change", "view"),
    "issuerprofile": ("change", "view"),
    "credential": ("view",),
    "issuerkey": ("view",),
}


def seed(apps, schema_editor):
    Achievement = apps.get_model("evidence", "Achievement")
    Standard = apps.get_model("lms", "Standard")
    achievement, created = Achievement.objects.get_or_create(
        slug="launch-completion",
        defaults={
            "name": "LAUNCH! School Improvement Specialist",
            "description": (
                "Completed the LAUNCH! School Improvement Facilitation programme and showed, "
                "through job-embedded evidence scored by trained reviewers against the rubric, "
                "proficiency in all ten Certified School Improvement Specialist standards."
            ),
            "criteria_narrative": (
                "Complete every required LAUNCH! module, and have evidence accepted at "
                "Proficient or above for each of the ten CSIS standards."
            ),
            "achievement_type": "Certificate",
            "require_modules": True,
        },
    )
    if created:
        standards = list(Standard.objects.all())
        achievement.alignments.set(standards)
        achievement.proficient_standards.set(standards)


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("evidence")
    app_config.models_module = True  # the migration state's stub lacks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    for model, actions in PERMISSIONS.items():
        for action in actions:
            editors.permissions.add(
                Permission.objects.get(
                    content_type__app_label="evidence", codename=f"{action}_{model}"
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0003_badges"),
        ("lms", "0004_editor_permissions"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
