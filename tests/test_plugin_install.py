"""The plugin installs into a brand-new Wagtail site by the README alone.

Builds the wheel, makes a site with ``wagtail start`` (Django's own ``auth.User``), installs
the wheel into a fresh virtual environment (not the repository's: nothing of the checkout is
importable there), pastes the README's "Add to an existing Wagtail site" blocks at the end of
the site's ``settings/base.py`` and ``urls.py``, migrates, creates the issuer key, and then,
inside that site: a programme, a module, an organisation, a cohort and an enrolment; the
participant signs in by email, reads the module page and the dashboard under the prefix,
completes the module, receives the completion badge, and the credential verifies.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Add to an existing Wagtail site"

pytestmark = [pytest.mark.embedded, pytest.mark.xdist_group("plugin_install")]

SCENARIO = r"""
import json
from datetime import date, timedelta

import evidence, lms
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from evidence.badges.verification import verify_credential
from evidence.models import Credential
from lms.models import Cohort, Enrolment, ModulePage, ModuleProgress, Organisation, ProgramPage
from lms.models import RubricLevel, Standard, StandardProgress
from django.utils import timezone
from lms.people import create_person, school_of, update_profile
from lms.services import enrol_user

assert "site-packages" in lms.__file__ and "site-packages" in evidence.__file__, lms.__file__
User = get_user_model()
assert User._meta.label == "auth.User", User._meta.label

home = Site.objects.get(is_default_site=True).root_page
programme = home.add_child(instance=ProgramPage(title="LAUNCH!", slug="launch", intro="<p>Hi</p>"))
module = ModulePage(title="Analyze and apply critical judgement", slug="analyze", required=True)
programme.add_child(instance=module)
module.standards = [Standard.objects.get(number=1)]
module.save_revision().publish()
organisation = Organisation.objects.create(name="Piedmont District", kind="district")
cohort = Cohort.objects.create(
    programme=programme, organisation=organisation, name="Spring cohort",
    starts_on=date.today() - timedelta(days=7), ends_on=date.today() + timedelta(days=90),
    status=Cohort.Status.RUNNING,
)
person = create_person(
    email="Pat.Lee@District.example", password="a long demo passphrase",
    first_name="Pat", last_name="Lee", school="Oak Hill MS",
)
assert person.username == "pat.lee@district.example" and school_of(person) == "Oak Hill MS"
enrol_user(actor=None, cohort=cohort, user=person, role=Enrolment.Role.PARTICIPANT)

client = Client()
assert client.login(username="pat.lee@district.example", password="a long demo passphrase")
page = client.get(module.url)
assert page.status_code == 200 and "Analyze and apply" in page.text, (module.url, page.text[:3000])
dashboard = client.get(reverse("lms:dashboard"))
assert reverse("lms:dashboard").startswith("/programme/")
assert dashboard.status_code == 200 and "Spring cohort" in dashboard.text, dashboard.status_code
assert 'href="/learn/' not in dashboard.text  # every link follows the prefix

# Proficiency in the ten standards, as accepted evidence records it (the review is tested
# elsewhere); the module's completion is then the last criterion of the completion badge.
for standard in Standard.objects.all():
    StandardProgress.objects.create(
        user=person, standard=standard, level=RubricLevel.PROFICIENT,
        proficient_at=timezone.now(), evidence_label="Accepted evidence",
    )
done = client.post(
    reverse("lms:set_progress", args=[module.pk]), {"status": "completed"}, follow=True
)
assert done.status_code == 200, done.status_code
assert ModuleProgress.objects.get(user=person, module=module).status == "completed"
credential = Credential.objects.get(user=person)
verification = verify_credential(credential)
assert verification.status == "valid", (verification.status, verification.reason)
public = Client().get(f"/credentials/{credential.uuid}/")
assert public.status_code == 200 and "Pat Lee" in public.text, public.status_code
print(json.dumps({"credential": str(credential.uuid)}))
"""


def _readme_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 2, "the section has one settings block and one URL block"
    return blocks


def _run(args: list, *, cwd: Path, env: dict, timeout: int = 600) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    return done.stdout


def test_the_readme_installs_the_wheel_into_a_new_wagtail_site(tmp_path):
    settings_block, urls_block = _readme_blocks()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "PYTHONPATH"}
        and not k.startswith(("LAUNCH_", "TESTENV_", "PYTEST_"))
    }
    dist = tmp_path / "dist"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT],
        cwd=tmp_path,
        env=env,
    )
    (wheel,) = dist.glob("launch_lms-*.whl")
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=tmp_path, env=env)
    python = venv / "bin" / "python"
    _run([python, "-m", "pip", "install", "-q", wheel], cwd=tmp_path, env=env, timeout=900)

    site = tmp_path / "site"
    site.mkdir()
    _run([venv / "bin" / "wagtail", "start", "host", site], cwd=tmp_path, env=env)
    with (site / "host" / "settings" / "base.py").open("a") as settings:
        settings.write("\n\n" + settings_block)
    with (site / "host" / "urls.py").open("a") as urls:
        urls.write("\n\n" + urls_block)

    _run([python, "manage.py", "migrate", "--noinput"], cwd=site, env=env)
    out = _run([python, "manage.py", "create_issuer_key"], cwd=site, env=env)
    secret = out.strip().splitlines()[-1].strip()  # printed last, once
    env["LAUNCH_ISSUER_KEY"] = secret
    _run([python, "manage.py", "check", "--fail-level", "ERROR"], cwd=site, env=env)
    out = _run([python, "manage.py", "shell", "-c", SCENARIO], cwd=site, env=env)
    assert '"credential"' in out
