"""The rights statements and licences the catalog accepts: the twelve RightsStatements.org
statements, the Creative Commons 4.0 licences, CC0 and the Public Domain Mark. This is the one
list; IIIF Presentation 3 allows exactly these kinds of URI in a manifest's `rights`."""

from __future__ import annotations

import re

from .wording import N_, english

RIGHTS_STATEMENTS = {
    "InC": "In Copyright",
    "InC-OW-EU": "In Copyright – EU Orphan Work",
    "InC-EDU": "In Copyright – Educational Use Permitted",
    "InC-NC": "In Copyright – Non-Commercial Use Permitted",
    "InC-RUU": "In Copyright – Rights-holder(s) Unlocatable or Unidentifiable",
    "NoC-CR": "No Copyright – Contractual Restrictions",
    "NoC-NC": "No Copyright – Non-Commercial Use Only",
    "NoC-OKLR": "No Copyright – Other Known Legal Restrictions",
    "NoC-US": "No Copyright – United States",
    "CNE": "Copyright Not Evaluated",
    "UND": "Copyright Undetermined",
    "NKC": "No Known Copyright",
}
CC_LICENCES = {
    "by": "CC BY 4.0",
    "by-sa": "CC BY-SA 4.0",
    "by-nd": "CC BY-ND 4.0",
    "by-nc": "CC BY-NC 4.0",
    "by-nc-sa": "CC BY-NC-SA 4.0",
    "by-nc-nd": "CC BY-NC-ND 4.0",
}

KNOWN: dict[str, str] = {
    **{
        f"http://rightsstatements.org/vocab/{code}/1.0/": name
        for code, name in RIGHTS_STATEMENTS.items()
    },
    **{
        f"http://creativecommons.org/licenses/{code}/4.0/": name
        for code, name in CC_LICENCES.items()
    },
    "http://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0 (public domain dedication)",
    "http://creativecommons.org/publicdomain/mark/1.0/": "Public Domain Mark 1.0",
}
NOT_EVALUATED = "http://rightsstatements.org/vocab/CNE/1.0/"
NOT_KNOWN = N_(
    "'%(text)s' is not a RightsStatements.org statement or a Creative Commons 4.0 licence,"
    " CC0 or Public Domain Mark URI (for example http://rightsstatements.org/vocab/InC/1.0/"
    " or http://creativecommons.org/licenses/by/4.0/)"
)


def canonical_uri(text: str) -> str:
    """The list's spelling of a URI typed with https, without the trailing slash or with a
    `legalcode` page: Creative Commons and RightsStatements.org publish these as `http://...
    /` and IIIF validators compare strings. Raises ValueError naming the accepted kinds."""
    uri = text.strip()
    if uri.startswith("https://"):
        uri = "http://" + uri.removeprefix("https://")
    uri = uri.removesuffix("legalcode").removesuffix("deed.en")
    if not uri.endswith("/"):
        uri += "/"
    if uri not in KNOWN:
        raise ValueError(english(NOT_KNOWN, text=text.strip()[:200]))
    return uri


def label_of(uri: str | None) -> str | None:
    return KNOWN.get(uri) if uri else None


URI_IN_TEXT = re.compile(
    r"https?://(?:creativecommons\.org/(?:licenses|publicdomain)|rightsstatements\.org/vocab)/[^\s,;)]+"
)


def find_in(text: str | None) -> str | None:
    """A known URI written inside a free-text rights note (older records), canonical; or None."""
    for match in URI_IN_TEXT.finditer(text or ""):
        try:
            return canonical_uri(match.group(0).rstrip("."))
        except ValueError:
            continue
    return None
