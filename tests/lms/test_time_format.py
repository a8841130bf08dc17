"""One way of showing times across the site, and counts that agree with their noun
(issue #14, item 19)."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import timezone

from lms.models import ImportJob
from lms.templatetags.lms_time import clock, day, format_when, when

MOMENT = datetime(2026, 12, 3, 19, 5, tzinfo=UTC)


def test_a_moment_is_shown_with_day_month_year_clock_and_zone_in_the_active_zone():
    assert settings.TIME_ZONE == "America/New_York"
    assert when(MOMENT) == "3 Dec 2026, 14:05 EST"
    assert format_when(MOMENT) == "3 Dec 2026, 14:05 EST"
    with timezone.override("America/Los_Angeles"):
        assert when(MOMENT) == "3 Dec 2026, 11:05 PST"
        assert clock(MOMENT) == "11:05 PST"
    with timezone.override("Europe/Berlin"):
        assert day(MOMENT) == "3 Dec 2026"
        assert when(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == "2 Jul 2026, 00:30 CEST"
    assert day(date(2027, 1, 15)) == "15 Jan 2027"
    assert when(None) == day(None) == clock(None) == ""
    rendered = Template("{% load lms_time %}{{ t|when }} · {{ d|day }}").render(
        Context({"t": MOMENT, "d": date(2026, 12, 3)})
    )
    assert rendered == "3 Dec 2026, 14:05 EST · 3 Dec 2026"


# Formats a template may still hand to |date: machine-readable ones, and the pieces of a
# session's range in lms/sessions/_when.html (weekday, clock, zone), which uses |day too.
MACHINE = {"c", "Ymd"}
SESSION_RANGE = {"D", "H:i", "T"}


def test_no_template_formats_a_date_or_time_by_hand():
    root = Path(settings.BASE_DIR)
    offenders = []
    for app in ("lms", "evidence", "forums", "coaching"):
        for path in (root / app / "templates").rglob("*.html"):
            if "/admin/" in str(path):
                continue
            text = path.read_text()
            allowed = MACHINE | (SESSION_RANGE if path.name == "_when.html" else set())
            for fmt in re.findall(r"\|(?:date|time):[\"']([^\"']*)[\"']", text):
                if fmt not in allowed:
                    offenders.append(f"{path.relative_to(root)}: {fmt}")
            if re.search(r"\|(?:date|time)(?![:\w])", text):
                offenders.append(f"{path.relative_to(root)}: default format")
    assert offenders == []


def test_an_import_of_one_new_person_says_person(world):
    job = ImportJob.objects.create(
        cohort=world.cohort,
        filename="one.csv",
        data=b"",
        sha256="0",
        status=ImportJob.Status.DONE,
        total_rows=2,
        processed_rows=2,
        summary={"counts": {"invite": 1, "enrol": 1, "unchanged": 0, "error": 0}, "rows": []},
    )
    url = f"/learn/cohorts/{world.cohort.pk}/import/{job.pk}/"
    html = world.client_for("coordinator").get(url).content.decode()
    assert "1 person invited by email (they join once they accept)," in html
    assert "1 person of your organisation enrolled and notified," in html
    assert "0 already in this cohort (no change)." in html
    assert "1 new people" not in html and "1 people" not in html

    job.summary["counts"].update(invite=3, enrol=2)
    job.save()
    html = world.client_for("coordinator").get(url).content.decode()
    assert "3 people invited by email (they join once they accept)," in html
    assert "2 people of your organisation enrolled and notified," in html
