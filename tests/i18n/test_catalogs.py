"""The ru and he catalogs: every message the code and templates mark is translated, none is
fuzzy, plural messages have every form the language needs, and placeholders survive."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "media_catalog" / "translations"
LANGUAGES = ("ru", "he")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalog(language: str):  # type: ignore[no-untyped-def]
    with open(CATALOGS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def _marked_messages() -> set[str]:
    """What babel.cfg's extraction finds now, so a newly marked string not yet in the
    catalogs fails here instead of showing up in English."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map=[("media_catalog/**.py", "python"), ("templates/**.html", "jinja2")],
        keywords={"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None},
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_message_is_in_the_catalog(language: str) -> None:
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in _catalog(language) if m.id}
    missing = _marked_messages() - ids
    assert not missing, f"run scripts/translations.sh extract && update, then translate: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_untranslated_or_fuzzy(language: str) -> None:
    catalog = _catalog(language)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        where = f"{language}/messages.po line {message.lineno}: {message.id!r}"
        if message.fuzzy:
            problems.append(f"{where} is fuzzy")
        if message.pluralizable and len(forms) != catalog.num_plurals:
            problems.append(f"{where} has {len(forms)} plural forms, not {catalog.num_plurals}")
        if not all(forms):
            problems.append(f"{where} is untranslated")
        wanted = set(PLACEHOLDER.findall(str(message.id)))
        if any(set(PLACEHOLDER.findall(form)) != wanted for form in forms if form):
            problems.append(f"{where} changes the placeholders {sorted(wanted)}")
    assert not problems, "\n".join(problems)


def test_russian_and_hebrew_use_their_own_plural_rules() -> None:
    assert _catalog("ru").num_plurals == 3  # 1 фильм, 2 фильма, 5 фильмов
    assert _catalog("he").num_plurals >= 3  # יחיד, זוגי, רבים
