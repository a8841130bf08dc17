"""Programme staff manage the badge in the Wagtail admin: achievements (a CSIS-style one with a
three-year validity is expressible there), the issuer profile, the credentials list with
"Revoke with reason"; nobody else can."""

from evidence.badges import services as badge_services
from evidence.badges import verification as badge_verification
from evidence.models import Achievement, Credential, IssuerProfile
from lms.models import AuditEvent, Standard

from .badge_helpers import issue_for


def test_editors_create_a_csis_achievement_with_three_years_validity(world):
    editor = world.client_for("editor")
    assert editor.get("/admin/snippets/evidence/achievement/").status_code == 200
    standards = list(Standard.objects.values_list("pk", flat=True))
    response = editor.post(
        "/admin/snippets/evidence/achievement/add/",
        {
            "name": "Certified School Improvement Specialist",
            "slug": "csis",
            "description": "The CSIS certification.",
            "criteria_narrative": "Proficient in all ten standards.",
            "achievement_type": "Certification",
            "alignments": standards,
            "proficient_standards": standards,
            "validity_years": "3",
            "validity_days": "",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    csis = Achievement.objects.get(slug="csis")
    assert csis.validity_years == 3 and not csis.require_modules
    assert csis.proficient_standards.count() == 10


def test_editors_set_the_issuer_profile(world):
    editor = world.client_for("editor")
    url = f"/admin/settings/evidence/issuerprofile/{IssuerProfile.load().pk}/"
    assert editor.get(url).status_code == 200
    response = editor.post(
        url, {"name": "LAUNCH! at Example", "url": "https://launch.example.org/", "email": ""}
    )
    assert response.status_code == 302
    credential = issue_for(world.users["participant"])
    issuer = badge_verification.Verifier()(credential).document["issuer"]
    assert issuer["name"] == "LAUNCH! at Example"
    assert issuer["url"] == "https://launch.example.org/"


def test_revoke_with_reason_from_the_admin(world):
    credential = issue_for(world.users["participant"])
    url = f"/admin/credentials/{credential.pk}/revoke/"
    listing = world.client_for("editor").get("/admin/snippets/evidence/credential/")
    assert url in listing.content.decode() and "Revoke with reason" in listing.content.decode()
    for role in ("participant", "coach", "coordinator", "reviewer"):
        response = world.client_for(role).post(url, {"reason": "No."})
        assert response.status_code in (302, 403, 404)
    credential.refresh_from_db()
    assert credential.revoked_at is None
    empty = world.client_for("editor").post(url, {"reason": ""})
    assert empty.status_code == 200 and Credential.objects.get().revoked_at is None
    response = world.client_for("editor").post(url, {"reason": "Issued in error."})
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.revoked_reason == "Issued in error."
    assert badge_verification.verify_credential(credential).status == "revoked"
    assert AuditEvent.objects.filter(action=badge_services.CREDENTIAL_REVOKED).count() == 1
