"""What the app refuses, it says in the reader's language: every refusal in the package is
written once as a message marked N_ with its values apart (wording.py), never as a finished
English sentence (an f-string, a concatenation, str() of another error), which no catalog can
hold; and every field a refusal names has a translated label. Swept over every module, so a
new refusal is checked without anyone listing it."""

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_babel import force_locale

import media_catalog
from media_catalog import errors
from media_catalog.audit import StaleEdit
from media_catalog.models import AuditEvent
from media_catalog.web.error_text import FIELD_LABELS, describe

PACKAGE = Path(media_catalog.__file__).parent


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _error_classes() -> tuple[set[str], set[str]]:
    """(every CatalogError's name, those naming a field first) once every module is loaded."""
    for module in pkgutil.walk_packages(media_catalog.__path__, "media_catalog."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    refusals = {c.__name__ for c in _subclasses(errors.CatalogError)} | {"CatalogError"}
    fields = {c.__name__ for c in _subclasses(errors.FieldError)} | {"FieldError"}
    return refusals, fields


REFUSALS, FIELD_REFUSALS = _error_classes()

# Errors whose words never reach a page in the reader's language: a file's own problems
# (import reports quote the file), settings and backups (the operator's command line),
# speech models, rebuilds and access copies (a job's log), and NotFound (every page answers
# it with one fixed, translated message, so as not to say what exists).
ENGLISH_ONLY = {
    "IngestError",
    "UploadError",
    "ResolveError",
    "ConfigError",
    "BackupError",
    "SpeechError",
    "RebuildError",
    "AccessCopyError",
    "NotFound",
}
# Form helpers that take the name of the field they read first (web/forms.py, consent.py).
FIELD_READERS = {"time_ms", "seconds_ms", "whole_number", "iso_date"}


def _calls() -> Iterator[tuple[str, ast.Call, str]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                yield name, node, f"{path.relative_to(PACKAGE)}:{node.lineno}"


def _finished_sentence(node: ast.expr) -> bool:
    """An f-string, a concatenation or str(...): English already filled in."""
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return True
    return isinstance(node, ast.Call) and getattr(node.func, "id", "") == "str"


def _message(name: str, call: ast.Call) -> ast.expr | None:
    """The message argument of a refusal, an abort or a flash; None for any other call."""
    if name == "flash":
        position = 0
    elif name in ("abort", "refuse") or name in FIELD_REFUSALS:
        position = 1  # after the status code or the field
    elif name in REFUSALS and name not in ENGLISH_ONLY:
        position = 0
    else:
        return None
    return call.args[position] if len(call.args) > position else None


def test_the_sweep_sees_the_refusals_it_checks() -> None:
    """Guards the sweep itself: it must find the package's refusals (hundreds of calls), and
    it must flag the shape it exists to catch."""
    checked = [where for name, call, where in _calls() if _message(name, call) is not None]
    assert len(checked) > 150
    sample = ast.parse('raise CatalogError(f"unknown status {status!r}")').body[0]
    call = sample.exc  # type: ignore[attr-defined]
    assert _finished_sentence(_message("CatalogError", call))


def test_no_refusal_is_a_finished_english_sentence() -> None:
    found = [
        f"{where}: {name}(...) is given English already filled in; write N_('… %(x)s …') "
        "with the values as keyword arguments"
        for name, call, where in _calls()
        if (message := _message(name, call)) is not None and _finished_sentence(message)
    ]
    assert not found, "\n".join(found)


def test_every_field_a_refusal_names_has_a_label() -> None:
    named: dict[str, str] = {}
    for name, call, where in _calls():
        if name in FIELD_REFUSALS | FIELD_READERS and call.args:
            first = call.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                named.setdefault(first.value, where)
    from media_catalog import rights

    named |= {field: "rights.FIELDS" for field in rights.FIELDS}
    assert len(named) > 30
    missing = [
        f"{field} (first at {where})" for field, where in named.items() if field not in FIELD_LABELS
    ]
    assert not missing, "no label in web/error_text.FIELD_LABELS for: " + ", ".join(missing)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "another editor changed this chapter while you were editing"),
        ("ru", "Пока вы редактировали"),
        ("he", "בזמן שערכת"),
    ],
)
def test_a_conflict_is_told_in_the_reader_language(app, language: str, expected: str) -> None:
    stale = StaleEdit("chapter", "7", {}, None)
    with app.test_request_context(), force_locale(language):
        assert expected in describe(stale)
    assert str(stale).startswith("another editor changed this chapter")  # the CLI's English


def test_a_conflict_names_who_and_what_changed(app) -> None:
    from datetime import UTC, datetime

    by = AuditEvent(
        actor="ada@example.org",
        at=datetime(2026, 12, 5, 9, 30, tzinfo=UTC),
        before={"title": "Old"},
        after={"title": "New"},
    )
    stale = StaleEdit("media_item", "3", {}, by)
    assert str(stale).startswith(
        "ada@example.org at 2026-12-05 09:30 UTC changed this media item while you were"
        " editing (title: 'Old' → 'New')."
    )
    with app.test_request_context(), force_locale("ru"):
        text = describe(stale)
    assert "ada@example.org" in text and "'Old' → 'New'" in text and "media item" not in text
