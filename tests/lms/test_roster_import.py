"""Roster import: every class of bad input gets a clear message and writes nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lms.models import AuditEvent, Enrolment, User
from lms.roster.services import ImportRefused, import_enrolments

HEADER = "email,first name,last name,role,school,coach email\r\n"


def _state():
    return (User.objects.count(), Enrolment.objects.count(), AuditEvent.objects.count())


def _refused(world, body: bytes) -> ImportRefused:
    before = _state()
    with pytest.raises(ImportRefused) as info:
        import_enrolments(actor=world.users["coordinator"], cohort=world.cohort, data=body)
    assert _state() == before, "a refused import must write nothing"
    return info.value


def test_spreadsheet_csv_imports_and_reimport_writes_nothing(world):
    coach = world.users["coach"].email
    body = (
        "\ufeff"
        + HEADER
        + f' ANA@School.Example ,Ana,"Diaz, Jr.",Participant,Oak Hill MS,{coach}\r\n'
        + 'ben@school.example,Ben,Okoro,participant,"Riverside, East",\r\n'
        + f"{world.users['other_participant'].email},Pat,Lee,participant,B school,\r\n"
        + "\r\n"
    ).encode()
    plan = import_enrolments(actor=world.users["coordinator"], cohort=world.cohort, data=body)
    # The other organisation's participant is invited like the new people (not enrolled).
    assert plan.written and (plan.count("invite"), plan.count("enrol")) == (3, 0)
    ana = User.objects.get(email="ana@school.example")
    assert ana.last_name == "Diaz, Jr." and not ana.has_usable_password()
    enrolment = Enrolment.objects.get(user=ana, cohort=world.cohort)
    assert enrolment.status == "invited" and enrolment.coach == world.users["coach"]
    existing = Enrolment.objects.get(user=world.users["other_participant"], cohort=world.cohort)
    assert existing.status == "invited"
    assert AuditEvent.objects.filter(action="enrolments.imported").count() == 1

    before = _state()
    again = import_enrolments(actor=world.users["coordinator"], cohort=world.cohort, data=body)
    assert not again.written and again.count("unchanged") == 3
    assert _state() == before


def test_semicolon_and_lf_files_are_read(world):
    body = b"Email;First_Name;Last_Name;Role\ncara@x.example;Cara;Ng;coach\n"
    plan = import_enrolments(actor=None, cohort=world.cohort, data=body)
    assert plan.count("invite") == 1
    assert Enrolment.objects.get(user__email="cara@x.example").role == "coach"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("not-an-email,A,B,participant,,", "email", "not a valid email address"),
        ("a@x.example,A,B,principal,,", "role", "unknown role 'principal'"),
        ("a@x.example,,B,participant,,", "first name", "missing"),
        ("a@x.example,A,B,participant,,ghost@x.example", "coach email", "unknown coach"),
        ("a@x.example,A,B,coach,,coach@a.example", "coach email", "only participants"),
        ("a@x.example,A,B", "role", "unknown role ''"),  # a short row: the rest reads empty
    ],
)
def test_bad_rows_name_row_column_and_problem(world, row, column, message):
    refused = _refused(world, (HEADER + "ok@x.example,Ok,Fine,participant,,\r\n" + row).encode())
    lines = refused.plan.messages()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"row 3, {column}: ") and message in lines[0]


def test_duplicates_within_the_file(world):
    body = HEADER + "a@x.example,A,B,participant,,\r\nA@X.example,A,B,participant,,\r\n"
    refused = _refused(world, body.encode())
    assert refused.plan.messages() == ["row 3, email: duplicate of row 2"]


def test_seat_limit(world):
    world.cohort.seat_limit = 2  # one seat is taken by the world's participant
    world.cohort.save()
    body = HEADER + "a@x.example,A,B,participant,,\r\nb@x.example,B,C,participant,,\r\n"
    refused = _refused(world, body.encode())
    assert refused.plan.messages() == ["row 3, role: over the seat limit of 2 participants"]


def test_already_enrolled_is_no_change_not_an_error(world):
    email = world.users["participant"].email
    plan = import_enrolments(
        actor=None, cohort=world.cohort, data=(HEADER + f"{email},P,Q,participant,,").encode()
    )
    assert plan.count("unchanged") == 1 and not plan.errors and not plan.written


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty"),
        (b"email,first name,last name,role\r\n", "no rows"),
        (b"name,mail\r\nx,y\r\n", "Missing columns: email, first name, last name, role"),
        ("email,first name,last name,role\r\nä@x,Ä,Ö,coach\r\n".encode("latin-1"), "UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a CSV"),
        (
            b"email,first name,last name,role\r\n" + b"a@x.example,A,B,coach\r\n" * 200_000,
            "larger than 2 MB",
        ),
        (
            (
                "email,first name,last name,role\r\n"
                + "".join(f"p{i}@x.example,A,B,coach\r\n" for i in range(10_001))
            ).encode(),
            "more than 10000",
        ),
    ],
)
def test_unreadable_files_are_refused_whole(world, body, message):
    refused = _refused(world, body)
    assert message in str(refused)


def test_hostile_text_is_stored_inert_and_escaped(world):
    body = HEADER + 'x@x.example,"<script>alert(1)</script>",=HYPERLINK("evil"),participant,,'
    import_enrolments(actor=None, cohort=world.cohort, data=body.encode())
    user = User.objects.get(email="x@x.example")
    assert user.first_name == "<script>alert(1)</script>"  # escaped wherever it is shown


def test_coordinators_of_other_organisations_cannot_import(world):
    before = _state()
    with pytest.raises(ImportRefused):
        import_enrolments(
            actor=world.users["other_coordinator"],
            cohort=world.cohort,
            data=(HEADER + "a@x.example,A,B,participant,,").encode(),
        )
    with pytest.raises(ImportRefused):
        import_enrolments(
            actor=world.users["participant"],
            cohort=world.cohort,
            data=(HEADER + "a@x.example,A,B,participant,,").encode(),
        )
    assert _state() == before


def test_command_dry_run_and_errors(world, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "d@x.example,D,E,participant,,\r\n")
    out = StringIO()
    call_command("import_enrolments", str(world.cohort.pk), str(good), "--dry-run", stdout=out)
    assert "Dry run, nothing written: 1 invited" in out.getvalue()
    assert not User.objects.filter(email="d@x.example").exists()
    call_command("import_enrolments", world.cohort.name, str(good), stdout=StringIO())
    assert Enrolment.objects.filter(user__email="d@x.example", cohort=world.cohort).exists()

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "bad-email,D,E,participant,,\r\n")
    err = StringIO()
    with pytest.raises(CommandError, match="rows have errors"):
        call_command(
            "import_enrolments", str(world.cohort.pk), str(bad), stderr=err, stdout=StringIO()
        )
    assert "row 2, email: not a valid email address: bad-email" in err.getvalue()


def test_the_cycle_collector_runs_again_after_an_import_written_or_refused(world):
    import gc

    body = (HEADER + "gc@x.example,Gc,Test,participant,,\r\n").encode()
    import_enrolments(actor=None, cohort=world.cohort, data=body)
    assert gc.isenabled()
    _refused(world, (HEADER + "not-an-email,A,B,participant,,\r\n").encode())
    assert gc.isenabled()
