"""What evidence holds about a person, for export and erasure (see lms.privacy).

Artefact files live in private storage under server-generated names: the export copies
them into the archive, erasure deletes them with their rows.
"""

from collections.abc import Iterator

from lms.people import User
from lms.privacy import Declared, register

from .models import Artefact, Attestation, Credential, ReviewAssignment, Submission
from .uploads import private_storage


def _artefact_files(user: User) -> Iterator[tuple[str, bytes]]:
    storage = private_storage()
    artefacts = Artefact.objects.filter(submission__participant=user).exclude(storage_name="")
    for artefact in artefacts.iterator():
        try:
            with storage.open(artefact.storage_name, "rb") as handle:
                content = handle.read()
        except FileNotFoundError:
            continue
        name = artefact.original_name or artefact.storage_name
        yield f"evidence/{artefact.submission_id}/{artefact.pk}-{name}", content


def _delete_artefact_files(user: User) -> None:
    storage = private_storage()
    names = Artefact.objects.filter(submission__participant=user).exclude(storage_name="")
    for name in names.values_list("storage_name", flat=True):
        storage.delete(name)


register(
    Declared(
        Submission,
        ("participant",),
        "delete",
        owner_field="participant",
        files=_artefact_files,
        erase_hook=_delete_artefact_files,
    ),
    Declared(Artefact, ("uploaded_by",), "anonymise"),
    Declared(Attestation, ("requested_by",), "keep", reason="removed with the submissions"),
    Declared(
        ReviewAssignment,
        ("reviewer", "assigned_by"),
        "keep",
        reason="review records of other people's evidence (the erased reviewer shows as such)",
    ),
    Declared(
        Credential,
        ("user", "revoked_by"),
        "keep",
        reason="issued credentials stay verifiable, revocation status intact",
    ),
)
