"""Where people see the badge: the public verification page (valid, expired, revoked), the
JSON-LD served byte for byte, baked PNG and SVG, the QR code, LinkedIn, "My badges", the DID
document and the status list; query budgets that do not grow with data."""

import io
import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone
from PIL import Image

from evidence import credentials as ob
from evidence.badges import issuer as badge_issuer
from evidence.badges import selectors as badge_selectors
from evidence.badges import services as badge_services
from evidence.models import Achievement
from lms.models import Standard

from .badge_helpers import document, issue_for


def _csis(years: int = 3) -> Achievement:
    csis = Achievement.objects.create(
        slug="csis", name="CSIS certification", description="d", criteria_narrative="c",
        require_modules=False, validity_years=years,
    )  # fmt: skip
    csis.proficient_standards.set(Standard.objects.filter(number=1))
    return csis


def test_the_public_page_says_verified_and_shows_the_facts(world, client):
    credential = issue_for(world.users["participant"])
    response = client.get(f"/credentials/{credential.uuid}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Verified:" in page and "this credential is valid" in page
    assert credential.achievement.name in page
    assert world.users["participant"].get_full_name() in page
    assert badge_issuer.issuer_did() in page
    assert f"/credentials/{credential.uuid}.json" in page
    assert f"/credentials/{credential.uuid}/qr.svg" in page
    assert "linkedin.com" not in page  # the LinkedIn button is for the holder only
    holder = world.client_for("participant").get(f"/credentials/{credential.uuid}/")
    assert "https://www.linkedin.com/profile/add?" in holder.content.decode()


def test_the_public_page_says_expired_and_revoked_plainly(world, client):
    expired = issue_for(
        world.users["participant"], _csis(), now=datetime(2020, 1, 6, 12, tzinfo=UTC)
    )
    page = client.get(f"/credentials/{expired.uuid}/").content.decode()
    assert "Expired:" in page and "valid until 6 Jan 2023" in page
    assert "Verified:" not in page
    revoked = issue_for(world.users["other_participant"])
    badge_services.revoke_credential(
        actor=world.users["editor"], credential_id=revoked.pk, reason="Sorry."
    )
    page = client.get(f"/credentials/{revoked.uuid}/").content.decode()
    assert "Revoked:" in page and "Verified:" not in page
    assert "Sorry." not in page  # the reason is for the audit log, not the public


def test_a_tampered_stored_credential_is_not_verified(world, client):
    credential = issue_for(world.users["participant"])
    credential.document = credential.document.replace("LAUNCH!", "LAUNCH?")
    credential.save(update_fields=["document"])
    page = client.get(f"/credentials/{credential.uuid}/").content.decode()
    assert "Not verified:" in page and "Verified:" not in page


def test_the_json_ld_is_served_exactly_as_signed(world, client):
    credential = issue_for(world.users["participant"])
    response = client.get(f"/credentials/{credential.uuid}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.content.decode() == credential.document
    assert json.loads(response.content)["proof"]["cryptosuite"] == "eddsa-rdfc-2022"


def test_baked_png_and_svg_carry_the_signed_credential(world, client):
    credential = issue_for(world.users["participant"])
    png = client.get(f"/credentials/{credential.uuid}/badge.png")
    assert png["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(png.content)).size == (400, 400)
    assert ob.extract_png(png.content) == document(credential)
    svg = client.get(f"/credentials/{credential.uuid}/badge.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in svg["Content-Security-Policy"]
    assert ob.extract_svg(svg.content.decode()) == document(credential)
    # What a verifier extracts from the image verifies.
    resolver = ob.public_key_resolver([badge_issuer.did_document()])
    status = json.loads(client.get(f"/credentials/status/{credential.status_list_id}.json").content)
    url = badge_issuer.status_list_url(credential.status_list_id)
    assert ob.verify(ob.extract_png(png.content), resolver, status_lists={url: status}).valid


def test_the_qr_code_opens_the_verification_page(world, client):
    credential = issue_for(world.users["participant"])
    response = client.get(f"/credentials/{credential.uuid}/qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") or b"<svg" in response.content[:200]
    assert badge_issuer.credential_page_url(credential.uuid).encode() in response.content  # title


def test_the_linkedin_link_has_name_organisation_dates_url_and_id(world):
    credential = issue_for(world.users["participant"], _csis())
    query = parse_qs(urlsplit(badge_selectors.linkedin_url(credential)).query)
    issued = timezone.localtime(credential.issued_at)
    assert query["startTask"] == ["CERTIFICATION_NAME"]
    assert query["name"] == ["CSIS certification"]
    assert query["organizationName"] == ["LAUNCH! Programme"]
    assert query["issueYear"] == [str(issued.year)] and query["issueMonth"] == [str(issued.month)]
    assert query["expirationYear"] == [str(issued.year + 3)]
    assert query["certUrl"] == [badge_issuer.credential_page_url(credential.uuid)]
    assert query["certId"] == [str(credential.uuid)]


def test_my_badges_lists_only_my_own(world):
    mine = issue_for(world.users["participant"])
    theirs = issue_for(world.users["other_participant"])
    page = world.client_for("participant").get("/evidence/badges/").content.decode()
    assert str(mine.uuid) in page and str(theirs.uuid) not in page
    assert "Verified:" in page and "Add to LinkedIn profile" in page
    empty = world.client_for("coach").get("/evidence/badges/").content.decode()
    assert "You have no badges yet" in empty


def test_did_document_and_status_list_are_public_and_signed(world, client):
    credential = issue_for(world.users["participant"])
    did = client.get("/.well-known/did.json")
    assert did["Content-Type"] == "application/did+ld+json"
    doc = json.loads(did.content)
    assert doc["id"] == badge_issuer.issuer_did()
    assert doc["assertionMethod"] == [credential.verification_method]
    status = client.get(f"/credentials/status/{credential.status_list_id}.json")
    listed = json.loads(status.content)
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert listed["issuer"] == badge_issuer.issuer_did()
    assert ob.verify(listed, ob.public_key_resolver([doc])).valid


def test_public_pages_have_a_fixed_query_budget(world, client, django_assert_num_queries):
    """The verification page and "My badges" cost the same with 1 or 6 credentials."""
    participant_client = world.client_for("participant")
    credential = issue_for(world.users["participant"])
    participant_client.get("/evidence/badges/")  # warm caches (session, access context)
    with django_assert_num_queries(3):  # credential + user, keys, status list
        client.get(f"/credentials/{credential.uuid}/")
    counts = []
    for n in range(5):
        extra = Achievement.objects.create(
            slug=f"extra-{n}", name=f"Extra {n}", description="d", criteria_narrative="c",
            require_modules=False,
        )  # fmt: skip
        issue_for(world.users["participant"], extra)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = participant_client.get("/evidence/badges/")
        counts.append(len(queries))
        assert response.content.decode().count("Verified:") == 6
    single = world.client_for("other_participant")
    issue_for(world.users["other_participant"])
    single.get("/evidence/badges/")
    with CaptureQueriesContext(connection) as queries:
        single.get("/evidence/badges/")
    assert counts[1] == len(queries)
