"""Who may attest a participant's evidence, and what staff should look at twice.

* :func:`mailbox` normalises an address to the mailbox it reaches: lower case, a
  ``+tag`` dropped, dots in the local part ignored, ``googlemail.com`` read as ``gmail.com``.
  Two addresses with the same mailbox are the same person's.
* :func:`flags` are warnings for staff and coaches (never a refusal): a free-mail domain
  (the list in ``data/free_mail_domains.txt``), or a domain that does not look like the
  organisation the attestor states.
"""

import re
import unicodedata
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

_DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}
#: Words of an organisation's name that say nothing about which one it is.
GENERIC_WORDS = {
    "the", "of", "and", "for", "at", "a", "an", "school", "schools", "district", "public",
    "high", "middle", "elementary", "primary", "secondary", "academy", "college", "county",
    "city", "unified", "independent", "regional", "state", "agency", "department", "education",
    "educational", "service", "services", "center", "centre", "inc", "llc", "ltd", "k",
}  # fmt: skip
#: Domain labels that say nothing about the organisation either.
_GENERIC_LABELS = {"www", "mail", "k12", "edu", "org", "com", "net", "gov", "us", "uk", "co"}


def split_address(email: str) -> tuple[str, str]:
    local, _at, domain = (email or "").strip().lower().rpartition("@")
    return local, _DOMAIN_ALIASES.get(domain, domain)


def domain_of(email: str) -> str:
    return split_address(email)[1]


def mailbox(email: str) -> str:
    """The mailbox an address reaches (see the module's docstring)."""
    local, domain = split_address(email)
    local = local.split("+", 1)[0].replace(".", "")
    return f"{local}@{domain}"


@cache
def free_mail_domains() -> tuple[frozenset[str], tuple[str, ...]]:
    """The vendored list: exact domains, and the prefixes of ``name.*`` entries."""
    exact: set[str] = set()
    prefixes: list[str] = []
    path = Path(__file__).with_name("data") / "free_mail_domains.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        if entry.endswith(".*"):
            prefixes.append(entry[:-1])
        else:
            exact.add(entry)
    return frozenset(exact), tuple(prefixes)


def is_free_mail(domain: str) -> bool:
    exact, prefixes = free_mail_domains()
    domain = _DOMAIN_ALIASES.get(domain.lower(), domain.lower())
    return domain in exact or any(domain.startswith(p) for p in prefixes)


def ascii_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return [w for w in re.split(r"[^a-z0-9]+", text) if w]


def domain_matches_organisation(domain: str, organisation: str) -> bool:
    """Whether the domain plausibly belongs to the organisation: a distinctive word of its
    name (4+ letters) is in the domain, or its initials are one of the domain's labels."""
    labels = [lbl for lbl in domain.lower().split(".")[:-1] if lbl not in _GENERIC_LABELS]
    joined = "".join(re.sub(r"[^a-z0-9]", "", lbl) for lbl in labels)
    if not joined:
        return False
    words = ascii_words(organisation)
    distinctive = [w for w in words if w not in GENERIC_WORDS and len(w) >= 4]
    if any(w in joined for w in distinctive):
        return True
    initials = "".join(w[0] for w in words if w not in {"the", "of", "and", "for", "at"})
    return len(initials) >= 2 and initials in labels


def flags(email: str, organisation: str) -> list[str]:
    """Warnings about an attestor's address for staff and coaches (empty: nothing to check)."""
    domain = domain_of(email)
    found: list[str] = []
    if is_free_mail(domain):
        found.append(_("free-mail address (%(domain)s)") % {"domain": domain})
    if not organisation.strip():
        found.append(_("no organisation stated"))
    elif not is_free_mail(domain) and not domain_matches_organisation(domain, organisation):
        found.append(
            _("the domain %(domain)s does not look like “%(organisation)s”")
            % {"domain": domain, "organisation": organisation.strip()}
        )
    return found
