"""Templates carry no user-visible English outside _(): the text between tags and the
attributes people read (placeholder, title, alt, aria-label) are checked token by token with
Jinja's own lexer, so text made by expressions ({{ film.title }}) is not mistaken for it."""

import re
from pathlib import Path

import jinja2
import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TAG = re.compile(r"<[^>]*>", re.S)
CODE = re.compile(r"<(script|style)\b.*?</\1>", re.S)
READ_ATTRIBUTES = re.compile(r'\b(?:placeholder|title|alt|aria-label)="([^"]*)"')
WORD = re.compile(r"[A-Za-z]{2,}")
EXPRESSION = "\x00"  # where a {{ }}, {% %} or {# #} stood: its output is not literal text
# Not translated on purpose: the product's name.
UNTRANSLATABLE = re.compile(r"media-catalog")


def _literal_source(path: Path) -> str:
    """The template with every Jinja expression replaced by EXPRESSION, lines kept."""
    parts = []
    for _line, kind, value in jinja2.Environment().lex(path.read_text(encoding="utf-8")):
        if kind == "data":
            parts.append(value)
        elif kind.endswith("_begin"):
            parts.append(EXPRESSION)
        else:
            parts.append("\n" * value.count("\n"))
    return CODE.sub(lambda m: "\n" * m.group(0).count("\n"), "".join(parts))


def _visible_text(path: Path) -> list[tuple[int, str]]:
    source = _literal_source(path)
    found = []
    for tag in TAG.finditer(source):
        line = source.count("\n", 0, tag.start()) + 1
        found += [(line, value) for value in READ_ATTRIBUTES.findall(tag.group(0))]
    between_tags = TAG.sub(lambda tag: EXPRESSION + "\n" * tag.group(0).count("\n"), source)
    for text in re.finditer(r"[^\x00\n]+", between_tags):
        found.append((between_tags.count("\n", 0, text.start()) + 1, text.group(0).strip()))
    return [(n, t) for n, t in found if WORD.search(UNTRANSLATABLE.sub("", t))]


def _templates() -> list[str]:
    return sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("name", _templates())
def test_template_marks_its_visible_text(name: str) -> None:
    unmarked = [
        f"templates/{name}:{line}: {text!r}" for line, text in _visible_text(TEMPLATES / name)
    ]
    assert not unmarked, "mark with {{ _('...') }}:\n" + "\n".join(unmarked)


# A string in an expression that reads as English: a capitalised word or two words.
ENGLISH_LITERAL = re.compile(r"^[A-Z][a-z]+|[a-z]+ [a-z]+")
GETTEXT = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
# The search page's sample queries are the catalog's own words, the same in every language.
SAMPLE_QUERIES = {"Sharansky", '"exit visa"'}


def _english_literals(path: Path) -> list[tuple[int, str]]:
    """Strings in {{ }} and {% %} that would reach the page untranslated: not a gettext
    call's message nor its plural, and not markup that fills a translated message."""
    found, before = [], []
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    for line, kind, value in env.lex(path.read_text(encoding="utf-8")):
        if kind in ("variable_begin", "block_begin"):
            before = []
        elif kind == "string":
            text = value[1:-1]
            message = before[-2:] in ([("name", n), ("operator", "(")] for n in GETTEXT)
            plural = len(before) >= 2 and before[-2][0] == "string" and before[-1][1] == ","
            filled = message or plural or text.startswith("<") or text in SAMPLE_QUERIES
            if not filled and ENGLISH_LITERAL.search(text):
                found.append((line, text))
        if kind != "whitespace":
            before.append((kind, value))
    return found


def test_the_literal_check_finds_an_unmarked_default(tmp_path: Path) -> None:
    """Guards the check below with the shapes it once missed: a macro's default label and a
    dict of page titles."""
    probe = tmp_path / "probe.html"
    probe.write_text(
        '{% macro pair(label="Starts") %}{{ {"people": "People"}[k] }}{% endmacro %}'
        '{{ _("Ends") }} {{ ngettext("%(num)d moment", "%(num)d moments", n) }}'
    )
    assert [text for _line, text in _english_literals(probe)] == ["Starts", "People"]


@pytest.mark.parametrize("name", _templates())
def test_template_expressions_hold_no_english(name: str) -> None:
    literals = [
        f"templates/{name}:{line}: {text!r}" for line, text in _english_literals(TEMPLATES / name)
    ]
    assert not literals, "mark with _('...'):\n" + "\n".join(literals)
