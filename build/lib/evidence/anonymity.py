"""Warnings for the participant when a blind submission names them.

A blind reviewer sees the title, each artefact's label and link, and (renamed) files; the
participant is warned, without being stopped, when their name, email address, school or
organisation appears in the title, a label, a link URL or a file name. Matching ignores case,
accents and punctuation (``Oak-Hill``, ``oak_hill`` and ``OakHill`` all match "Oak Hill").
"""

from dataclasses import dataclass
from urllib.parse import unquote

from django.utils.translation import gettext as _

from lms.people import User, school_of

from .attestors import GENERIC_WORDS, ascii_words, mailbox
from .models import Artefact, Submission


@dataclass(frozen=True)
class IdentityWarning:
    where: str
    what: str
    term: str


@dataclass(frozen=True)
class _Term:
    what: str
    shown: str
    compact: str  # matched against the text's letters and digits, run together
    word: bool = False  # match a whole word only (short first or last names)


def _compact(text: str) -> str:
    return "".join(ascii_words(text))


def _distinctive(name: str) -> str:
    return "".join(w for w in ascii_words(name) if w not in GENERIC_WORDS)


def identity_terms(user: User, organisations: list[str]) -> list[_Term]:
    terms: list[_Term] = []
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if first and last:
        terms.append(_Term(_("your name"), f"{first} {last}", _compact(first + last)))
    for part in (first, last):
        if len(_compact(part)) >= 3:
            terms.append(_Term(_("your name"), part, _compact(part), word=True))
    local = mailbox(user.email).split("@", 1)[0]
    terms.append(_Term(_("your email address"), user.email, _compact(user.email)))
    if len(local) >= 4 and all(t.compact != _compact(local) for t in terms):
        terms.append(_Term(_("your email address"), user.email, _compact(local)))
    for what, names in (
        (_("your school"), [school_of(user)]),
        (_("your organisation"), organisations),
    ):
        for name in names:
            key = _distinctive(name or "")
            if len(key) >= 4:
                terms.append(_Term(what, name.strip(), key))
    return terms


def _matches(term: _Term, text: str) -> bool:
    words = ascii_words(text)
    if term.word:
        return term.compact in words
    return term.compact in "".join(words)


def identity_warnings(submission: Submission, artefacts: list[Artefact]) -> list[IdentityWarning]:
    """Where the participant's identity shows in what a blind reviewer sees (empty when the
    submission is not blind)."""
    if not submission.blind:
        return []
    participant = submission.participant
    organisation = getattr(submission.cohort, "organisation", None)
    terms = identity_terms(participant, [organisation.name] if organisation else [])
    places: list[tuple[str, str]] = [(_("The title"), submission.title)]
    for a in artefacts:
        if a.label:
            places.append((_("The description “%(label)s”") % {"label": a.label}, a.label))
        if a.url:
            places.append((_("The link %(url)s") % {"url": a.url}, unquote(a.url)))
        if a.original_name:
            places.append((_("The file name “%(name)s”") % {"name": a.original_name},
                           a.original_name))  # fmt: skip
    found: list[IdentityWarning] = []
    for where, text in places:
        seen: set[str] = set()
        for term in terms:
            if term.what not in seen and text and _matches(term, text):
                seen.add(term.what)
                found.append(IdentityWarning(where, term.what, term.shown))
    return found


def warning_sentences(warnings: list[IdentityWarning]) -> list[str]:
    return [
        _("%(where)s contains %(what)s (“%(term)s”).")
        % {"where": w.where, "what": w.what, "term": w.term}
        for w in warnings
    ]
