"""The house as docs/architecture.md draws it: every import goes down a floor (or stays on its own
floor, one way), domain code never imports the web framework, and no function grows past 60
lines without saying why. Read from the source, so a new module is covered without anyone
listing it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "media_catalog"

# Floors, bottom up: a unit (a top-level module or package of media_catalog) may import units on
# its own floor or below. The same table is drawn in docs/architecture.md.
FLOORS = [
    (
        "foundations",
        {
            "errors",
            "wording",
            "config",
            "timecode",
            "dates",
            "alignment",
            "languages",
            "licences",
            "identifiers",
            "words",
            "clock",
        },
    ),
    ("storage", {"models", "revision", "db", "migrate", "migrations", "rate_limits"}),
    ("formats", {"formats"}),
    (
        "catalog rules",
        {
            "access",
            "audit",
            "accounts",
            "consent",
            "grants",
            "backup",
            "edits",
            "restrictions",
            "redactions",
            "rights",
            "slugs",
            "jobs",
        },
    ),
    ("catalog reading", {"catalog", "timeline", "chapters", "permalinks", "citations", "snapping"}),
    ("linking", {"linking"}),
    ("features", {"search", "ingest", "editing", "guides", "reels", "speech"}),
    ("exchange and demo", {"interop", "demo"}),
    ("interfaces", {"cli", "web"}),
    ("the app", {"__init__", "__main__", "wsgi", "gunicorn_config"}),
]
FLOOR_OF = {unit: number for number, (_name, units) in enumerate(FLOORS) for unit in units}
# The one import that goes back up: the CLI's FlaskGroup is built around the app factory.
UPWARD_ALLOWED = {("cli", "__init__")}
# The web framework and its request machinery; werkzeug.security (password hashing) and
# markupsafe (escaping search snippets) are libraries the domain may use.
WEB_FRAMEWORK = ("flask", "jinja2", "werkzeug")
WEB_FRAMEWORK_ALLOWED = ("werkzeug.security",)
DOMAIN_FLOOR_LIMIT = FLOOR_OF["cli"]  # everything below the interfaces is domain code
LONG_FUNCTION = 60
# Search's word forms and close spellings, and the vocabulary they read, are pure: plain words
# in and out, so the engine on either database, the CLI and tests call them alike.
PURE_MODULES = (
    "media_catalog.search.forms",
    "media_catalog.search.typos",
    "media_catalog.search.vocabulary",
)
DATABASE = ("sqlalchemy", "psycopg", "sqlite3", "media_catalog.db", "media_catalog.models")


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if "versions" in parts:  # Alembic revisions are frozen history, not architecture
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def is_module(dotted: str) -> bool:
    path = PACKAGE.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports_of(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import in the file, relative ones resolved; `from
    package import name` counts as an import of package.name when that is a module."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            for alias in node.names:
                target = f"{source}.{alias.name}"
                yield (target if is_module(target) else source), node.lineno


def test_every_unit_has_a_floor() -> None:
    units = {unit_of(name) for name, _ in modules()}
    assert units - FLOOR_OF.keys() == set(), "add new modules to FLOORS and the architecture doc"


def test_imports_go_down_the_floors_only() -> None:
    wrong = []
    for name, path in modules():
        unit = unit_of(name)
        for target, line in imports_of(name, path):
            if not target.startswith("media_catalog"):
                continue
            other = unit_of(target)
            if other == unit or (unit, other) in UPWARD_ALLOWED:
                continue
            if FLOOR_OF[other] > FLOOR_OF[unit]:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {unit} -> {other}")
    assert wrong == []


def test_units_on_one_floor_import_each_other_one_way() -> None:
    edges: dict[str, set[str]] = {}
    for name, path in modules():
        unit = unit_of(name)
        for target, _line in imports_of(name, path):
            if target.startswith("media_catalog") and unit_of(target) != unit:
                edges.setdefault(unit, set()).add(unit_of(target))
    both_ways = sorted(
        (a, b)
        for a, targets in edges.items()
        for b in targets
        if a < b
        and a in edges.get(b, set())
        and (b, a) not in UPWARD_ALLOWED
        and (a, b) not in UPWARD_ALLOWED
    )
    assert both_ways == []


def test_domain_code_never_imports_the_web_framework() -> None:
    wrong = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {target}"
        for name, path in modules()
        if FLOOR_OF[unit_of(name)] < DOMAIN_FLOOR_LIMIT
        for target, line in imports_of(name, path)
        if target.split(".")[0] in WEB_FRAMEWORK and not target.startswith(WEB_FRAMEWORK_ALLOWED)
    ]
    assert wrong == []


def test_pure_modules_reach_no_database_and_no_web() -> None:
    """Following their imports (not their packages' __init__) through the package."""
    paths = dict(modules())
    wrong, seen, waiting = [], set(), list(PURE_MODULES)
    while waiting:
        name = waiting.pop()
        seen.add(name)
        for target, line in imports_of(name, paths[name]):
            if target.split(".")[0] in WEB_FRAMEWORK or target.startswith(DATABASE):
                wrong.append(f"{name}:{line}: {target}")
            elif target in paths and target not in seen:
                waiting.append(target)
    assert wrong == []
    assert set(PURE_MODULES) <= seen


def test_ffmpeg_is_called_from_one_module() -> None:
    callers = sorted(
        str(path.relative_to(PACKAGE.parent))
        for name, path in modules()
        for target, _line in imports_of(name, path)
        if target == "ffmpeg" or target.startswith("ffmpeg.")
    )
    assert callers == ["media_catalog/formats/media.py"]


@pytest.mark.parametrize("path", [path for _name, path in modules()], ids=lambda p: p.stem)
def test_no_long_function_without_a_reason(path: Path) -> None:
    """A function past 60 lines says in its docstring why it stays whole ("long because")."""
    long_ones = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"  # type: ignore[operator]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > LONG_FUNCTION  # type: ignore[operator]
        and "long because" not in (ast.get_docstring(node) or "").lower()
    ]
    assert long_ones == []
