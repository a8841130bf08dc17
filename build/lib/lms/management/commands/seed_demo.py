from django.core.management.base import BaseCommand

from lms.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create the LAUNCH! demo programme, cohort and people (idempotent)."

    def handle(self, *args, **options) -> None:
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo logins:"))
        for email, note in logins:
            self.stdout.write(f"  {email:32} {note}")
        self.stdout.write(f"  password for all of them: {DEMO_PASSWORD}")
