"""The LMS's per-person fields move from ``lms.User`` to ``lms.Profile`` (one-to-one with
whatever ``AUTH_USER_MODEL`` the host uses). On the demo host (``lms.User``) every value is
copied across before the old columns go, and copied back when migrating backwards; on any
other host ``lms.User`` is swapped out (no table) and there is nothing to copy."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import lms.models.accounts

FIELDS = ("school", "last_activity_at", "calendar_key", "current_cohort_id")


def _on_lms_user() -> bool:
    return settings.AUTH_USER_MODEL.lower() == "lms.user"


def users_to_profiles(apps, schema_editor):
    if not _on_lms_user():
        return
    User = apps.get_model("lms", "User")
    Profile = apps.get_model("lms", "Profile")
    rows = User.objects.using(schema_editor.connection.alias).values_list("pk", *FIELDS)
    batch = []
    for pk, school, last_activity_at, calendar_key, current_cohort_id in rows.iterator(2000):
        batch.append(
            Profile(
                user_id=pk,
                school=school,
                last_activity_at=last_activity_at,
                calendar_key=calendar_key,
                current_cohort_id=current_cohort_id,
            )
        )
        if len(batch) >= 2000:
            Profile.objects.bulk_create(batch)
            batch = []
    Profile.objects.bulk_create(batch)


def profiles_to_users(apps, schema_editor):
    if not _on_lms_user():
        return
    User = apps.get_model("lms", "User")
    Profile = apps.get_model("lms", "Profile")
    for profile in Profile.objects.iterator(2000):
        User.objects.filter(pk=profile.user_id).update(
            **{name: getattr(profile, name) for name in FIELDS}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0017_seed_code_of_ethics"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Profile",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="launch_profile",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
                (
                    "school",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="school or organisation"
                    ),
                ),
                ("last_activity_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "calendar_key",
                    models.CharField(
                        blank=True,
                        default=lms.models.accounts.new_calendar_key,
                        max_length=43,
                        null=True,
                        unique=True,
                    ),
                ),
                (
                    "current_cohort",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="lms.cohort",
                        verbose_name="current cohort",
                    ),
                ),
            ],
            options={"verbose_name": "LMS profile", "verbose_name_plural": "LMS profiles"},
        ),
        migrations.RunPython(users_to_profiles, profiles_to_users),
        migrations.RemoveField(model_name="user", name="school"),
        migrations.RemoveField(model_name="user", name="last_activity_at"),
        # Without its per-row default first, so that migrating backwards re-adds the column
        # empty (NULLs, then the values copied back) instead of one default for every row.
        migrations.AlterField(
            model_name="user",
            name="calendar_key",
            field=models.CharField(blank=True, max_length=43, null=True, unique=True),
        ),
        migrations.RemoveField(model_name="user", name="calendar_key"),
        migrations.RemoveField(model_name="user", name="current_cohort"),
    ]
