"""The one list of rights statements and licences: what it accepts, how it spells them."""

import pytest

from media_catalog import licences


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        (
            "http://rightsstatements.org/vocab/InC/1.0/",
            "http://rightsstatements.org/vocab/InC/1.0/",
        ),
        (
            "https://rightsstatements.org/vocab/NoC-US/1.0/",
            "http://rightsstatements.org/vocab/NoC-US/1.0/",
        ),
        ("http://rightsstatements.org/vocab/CNE/1.0", "http://rightsstatements.org/vocab/CNE/1.0/"),
        (
            "https://creativecommons.org/licenses/by-nc-sa/4.0/",
            "http://creativecommons.org/licenses/by-nc-sa/4.0/",
        ),
        (
            "https://creativecommons.org/licenses/by/4.0/legalcode",
            "http://creativecommons.org/licenses/by/4.0/",
        ),
        (
            " http://creativecommons.org/publicdomain/zero/1.0/ ",
            "http://creativecommons.org/publicdomain/zero/1.0/",
        ),
        (
            "https://creativecommons.org/publicdomain/mark/1.0/",
            "http://creativecommons.org/publicdomain/mark/1.0/",
        ),
    ],
)
def test_known_uris_in_their_canonical_spelling(typed: str, canonical: str) -> None:
    assert licences.canonical_uri(typed) == canonical
    assert licences.label_of(canonical)


@pytest.mark.parametrize(
    "typed",
    [
        "http://creativecommons.org/licenses/by/3.0/",  # not a 4.0 licence
        "http://creativecommons.org/licenses/by-sa-nc/4.0/",  # no such licence
        "http://rightsstatements.org/vocab/InC/2.0/",
        "http://rightsstatements.org/vocab/Public/1.0/",
        "http://example.org/licence",
        "All rights reserved",
        "",
    ],
)
def test_anything_else_is_refused_saying_what_is_accepted(typed: str) -> None:
    with pytest.raises(ValueError, match="RightsStatements.org statement or a Creative Commons"):
        licences.canonical_uri(typed)


def test_the_list_has_the_twelve_statements_six_licences_cc0_and_the_mark() -> None:
    statements = [u for u in licences.KNOWN if "rightsstatements.org" in u]
    cc = [u for u in licences.KNOWN if "/licenses/" in u]
    public = [u for u in licences.KNOWN if "/publicdomain/" in u]
    assert (len(statements), len(cc), len(public)) == (12, 6, 2)


def test_a_uri_in_a_free_text_note_is_found() -> None:
    assert licences.find_in("CC BY 4.0: https://creativecommons.org/licenses/by/4.0/.") == (
        "http://creativecommons.org/licenses/by/4.0/"
    )
    assert licences.find_in("see http://creativecommons.org/licenses/by/2.0/") is None
    assert licences.find_in(None) is None
