"""Programme staff (Wagtail's Editors group) manage standards, organisations and cohorts."""

from django.db import migrations

MODELS = {
    "standard": ("add", "change", "view"),
    "organisation": ("add", "change", "delete", "view"),
    "organisationmembership": ("add", "change", "delete", "view"),
    "cohort": ("add", "change", "delete", "view"),
    "enrolment": ("add", "change", "delete", "view"),
    "cohortsession": ("add", "change", "delete", "view"),
    "moduleprogress": ("view",),
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("lms")
    app_config.models_module = True  # the migration state's stub lacks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    for model, actions in MODELS.items():
        for action in actions:
            editors.permissions.add(
                Permission.objects.get(content_type__app_label="lms", codename=f"{action}_{model}")
            )


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0003_seed_standards"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
