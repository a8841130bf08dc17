"""Seed the code of ethics that invitations showed until it became staff-editable (version
2026.1, published), and link every existing attestation of that version to it.

The text is frozen here, character for character: its SHA-256 is what the existing
attestations recorded (tests/lms/test_code_of_ethics.py checks it).
"""

import datetime

from django.db import migrations
from django.utils import timezone

CODE_OF_ETHICS = {
    "version": "2026.1",
    "title": "School Improvement Specialist Code of Ethics",
    "text": "\n".join(
        [
            "1. Students first: I keep the learning and well-being of students at the centre of every improvement decision I facilitate.",
            "2. Honest evidence: I report data, results and my own contribution accurately, and I do not claim results I cannot support with evidence.",
            "3. Confidentiality: I protect student, staff and school information and share it only as authorised and as the law requires.",
            "4. Respect: I treat every educator, student, family and community member with dignity, and I respect the culture and the authority of the organisations I serve.",
            "5. Equity: I examine data for patterns of inequity, raise them openly, and avoid practices that disadvantage any group of students.",
            "6. Competence: I work within the limits of my expertise, seek help or refer when a need is beyond it, and keep developing my practice.",
            "7. Conflicts of interest: I disclose any interest, financial or otherwise, in the products, services or decisions I recommend.",
            "8. Capacity, not dependence: I build the capacity of the schools I serve to improve on their own rather than fostering reliance on me.",
            "9. Accountability: I keep clear records of my work, honour my commitments, and accept responsibility for the quality of my facilitation.",
            "10. The profession: I share what I learn, support colleagues, and uphold this code with clients, peers and reviewers.",
        ]
    ),
}

EFFECTIVE_ON = datetime.date(2026, 1, 1)


def seed_code_of_ethics(apps, schema_editor):
    CodeOfEthics = apps.get_model("lms", "CodeOfEthics")
    EthicsAttestation = apps.get_model("lms", "EthicsAttestation")
    now = timezone.now()
    code, _created = CodeOfEthics.objects.get_or_create(
        version=CODE_OF_ETHICS["version"],
        defaults={
            "title": CODE_OF_ETHICS["title"],
            "text": CODE_OF_ETHICS["text"],
            "effective_on": EFFECTIVE_ON,
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": now,
            "last_published_at": now,
        },
    )
    EthicsAttestation.objects.filter(version=code.version, code_of_ethics=None).update(
        code_of_ethics=code
    )


def unlink(apps, schema_editor):
    apps.get_model("lms", "EthicsAttestation").objects.update(code_of_ethics=None)
    apps.get_model("lms", "CodeOfEthics").objects.filter(version=CODE_OF_ETHICS["version"]).delete()


class Migration(migrations.Migration):
    dependencies = [("lms", "0016_code_of_ethics")]

    operations = [migrations.RunPython(seed_code_of_ethics, unlink)]
