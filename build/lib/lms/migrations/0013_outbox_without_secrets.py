"""Remove the live links that older outbox items hold (issue #14).

Password-reset emails kept their token in the key and the text, resent invitations and
attestation requests their signed link in the text. Items not sent yet (or parked) become
items of the kinds that make the link when they send; sent ones keep their address and
subject, not their text. The reset key's token is replaced by the item's id.
"""

from django.db import migrations
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

REMOVED = "(removed: this email held a link that gave access)"


def _reset_user_id(uid: str) -> int | None:
    try:
        return int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError):
        return None


def scrub(apps, schema_editor):
    OutboxItem = apps.get_model("lms", "OutboxItem")
    items = OutboxItem.objects.filter(kind="lms.email").filter(
        key__regex=r"^(password-reset:|invitation:|evidence:attestation-requested:)"
    )
    for item in items.iterator():
        payload = item.payload or {}
        parts = item.key.split(":")
        waiting = item.status != "done"
        if item.key.startswith("password-reset:"):
            user_id = _reset_user_id(parts[1]) if len(parts) > 1 else None
            item.key = f"password-reset:{user_id}:outbox-{item.pk}"
            if waiting and user_id is not None:
                item.kind, item.payload = "lms.password_reset", {"user_id": user_id}
                item.save(update_fields=["kind", "key", "payload"])
                continue
        elif (
            waiting
            and len(parts) == 3
            and parts[0] == "invitation"
            and parts[1].isdigit()
            and parts[2].isdigit()
        ):
            item.kind = "lms.resend_invitation"
            item.payload = {"invitation_id": int(parts[1]), "sent": int(parts[2])}
            item.save(update_fields=["kind", "payload"])
            continue
        elif waiting and len(parts) == 3 and parts[2].isdigit() and parts[0] == "evidence":
            item.kind = "evidence.attestation_requested"
            item.payload = {"attestation_id": int(parts[2])}
            item.save(update_fields=["kind", "payload"])
            continue
        item.payload = {
            "to": payload.get("to", []),
            "subject": payload.get("subject", ""),
            "text": REMOVED,
            "html": None,
        }
        item.save(update_fields=["key", "payload"])


class Migration(migrations.Migration):
    dependencies = [("lms", "0012_access_change")]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
