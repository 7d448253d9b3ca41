"""The scripts' messages: every string the interface's scripts show goes through gettext or
ngettext (a sweep of static/*.js), and /i18n/<language>.js serves them translated, plurals
by CLDR category, under a URL named by its contents."""

import json
import re
from pathlib import Path

import pytest
from babel import Locale

from media_catalog.web import script_messages

STATIC = Path(script_messages.__file__).resolve().parents[1] / "static"
# Where a script writes text a person reads: a literal with a letter there is not translated.
SHOWN = re.compile(
    r"""(?:\.(?:textContent|innerText|value)\s*=\s*|setAttribute\(\s*"(?:aria-label|title|placeholder)",\s*|\b(?:alert|prompt|confirm)\(\s*)[`"'][^`"']*[A-Za-z]"""
)


@pytest.mark.parametrize("name", sorted(p.name for p in STATIC.glob("*.js")))
def test_scripts_mark_what_they_show(name: str) -> None:
    source = (STATIC / name).read_text(encoding="utf-8")
    unmarked = [
        f"static/{name}:{source.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
        for m in SHOWN.finditer(source)
    ]
    assert not unmarked, "wrap in gettext(…) or ngettext(…):\n" + "\n".join(unmarked)


def test_the_sweep_catches_an_unmarked_message() -> None:
    assert SHOWN.search('status.textContent = "Order saved.";')
    assert SHOWN.search('button.setAttribute("aria-label", `In point of ${x}`);')
    assert not SHOWN.search('status.textContent = gettext("Order saved.");')


def _catalog(client, language: str) -> dict:  # type: ignore[no-untyped-def]
    response = client.get(f"/i18n/{language}.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    text = response.get_data(as_text=True)
    assert text.startswith("window.MC_MESSAGES = ") and text.endswith(";\n")
    return json.loads(text.removeprefix("window.MC_MESSAGES = ").removesuffix(";\n"))


def test_every_marked_message_is_served_in_each_language(client) -> None:
    marked = script_messages.marked_messages()
    assert "Copied" in marked and ("%(num)d match", "%(num)d matches") in marked
    for language in ("en", "ru", "he"):
        served = _catalog(client, language)
        assert served["language"] == language
        keys = {m[0] if isinstance(m, tuple) else m for m in marked}
        assert set(served["messages"]) == keys
    russian = _catalog(client, "ru")["messages"]
    assert russian["Copied"] == "Скопировано"
    assert russian["%(num)d match"] == {
        "one": "%(num)d совпадение",
        "few": "%(num)d совпадения",
        "many": "%(num)d совпадений",
        "other": "%(num)d совпадений",  # met by fractions alone: a large count's form
    }
    hebrew = _catalog(client, "he")["messages"]["%(num)d match"]
    assert set(hebrew) == set(Locale("he").plural_form.tags) | {"other"}
    assert _catalog(client, "en")["messages"]["Copied"] == "Copied"


def test_pages_load_the_catalog_of_their_language(client) -> None:
    html = client.get("/", headers={"Accept-Language": "he"}).get_data(as_text=True)
    found = re.search(r'<script src="(/i18n/he\.js\?v=[0-9a-f]{16})"></script>', html)
    assert found, "the page asks for the Hebrew catalog by its version"
    assert html.index(found.group(0)) < html.index("/static/i18n.js")
    response = client.get(found.group(1))
    assert "immutable" in response.headers["Cache-Control"]
    again = client.get(found.group(1), headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/i18n/he.js?v=stale").headers.get("Cache-Control") is None


def test_an_unknown_language_has_no_catalog(client) -> None:
    assert client.get("/i18n/fr.js").status_code == 404
