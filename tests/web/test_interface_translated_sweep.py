"""Every page the app serves speaks the reader's language: a sweep of every GET route (the
restricted-material sweep's list, so a new route is swept without anyone adding it) in Russian
and in Hebrew, as an admin who sees every control, finds no interface message left in English.

A message counts as left in English when a piece of text, or a label people read (aria-label,
title, placeholder, alt), is exactly an English message of the catalogs whose translation
differs. Catalogued material is exempt where the page says it is content: inside `dir="auto"`,
`translate="no"` (a language code) or another language's `lang`. This catches what the template check cannot see: HTML
built in Python (a transcript's buttons), labels passed into macros, values shown raw."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Tag
from test_restricted_sweep import add_published_guide, every_get_url

CATALOGS = Path(__file__).resolve().parents[2] / "media_catalog" / "translations"
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


def _translated_messages(language: str) -> set[str]:
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    return {m.id for m in catalog if isinstance(m.id, str) and m.id and m.string != m.id}


def _is_content(element: Tag, language: str) -> bool:
    for node in [element, *element.parents]:
        if not isinstance(node, Tag) or node.name == "html":
            continue
        if node.get("dir") == "auto" or node.get("translate") == "no":
            return True
        if node.get("lang") not in (None, language):  # another language's words
            return True
        if node.get("lang") == language:  # the interface's own words inside content
            return False
    return False


def untranslated(html: str, language: str, messages: set[str]) -> list[str]:
    """The interface messages a page shows in English, each with the element holding it."""
    soup = BeautifulSoup(html, "html.parser")
    for code in soup(["script", "style", "code"]):
        code.decompose()
    found = []
    for text in soup.find_all(string=True):
        words = " ".join(text.split())
        if words in messages and not _is_content(text.parent, language):
            found.append(f"{words!r} in <{text.parent.name}>")
    for attribute in READ_ATTRIBUTES:
        for element in soup.find_all(attrs={attribute: True}):
            words = " ".join(element[attribute].split())
            if words in messages and not _is_content(element, language):
                found.append(f"{attribute}={words!r} on <{element.name}>")
    return found


def test_the_sweep_finds_an_english_message_and_spares_content() -> None:
    messages = {"Copy link", "Transcript"}
    page = (
        '<html lang="he"><body><h2>Transcript</h2>'
        '<section lang="en"><p>Transcript</p><button lang="he" title="Copy link">x</button></section>'
        '<p dir="auto">Copy link</p></body></html>'
    )
    assert untranslated(page, "he", messages) == [
        "'Transcript' in <h2>",
        "title='Copy link' on <button>",
    ]


@pytest.mark.parametrize("language", ["ru", "he"])
def test_no_page_shows_an_interface_message_in_english(
    app, client, demo_catalog, login_as, language: str
) -> None:
    add_published_guide(demo_catalog)
    login_as("admin")
    with demo_catalog() as session:
        urls = every_get_url(app, session)
    messages = _translated_messages(language)
    left: dict[str, list[str]] = {}
    pages = 0
    for url in urls:
        response = client.get(url, headers={"Accept-Language": language})
        if response.mimetype == "text/html":
            pages += 1
            if found := untranslated(response.get_data(as_text=True), language, messages):
                left[url] = found
        response.close()
    assert pages > 200  # every item, entity, film, guide and admin page was looked at
    assert not left, "\n".join(f"{url}: {', '.join(found)}" for url, found in left.items())
