from django.core.management.base import BaseCommand

from lms.conf import reference_markdown


class Command(BaseCommand):
    help = (
        "Print the reference of every LAUNCH_ setting of the installed apps (docs/settings.md): "
        "python manage.py settings_reference > docs/settings.md"
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(reference_markdown(), ending="")
