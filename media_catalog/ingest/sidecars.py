"""Reading YAML/JSON sidecars with line numbers kept, so that every complaint about a field
can name the file and line it came from."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .. import rights
from ..dates import DateRange, parse_date
from ..errors import FieldError, IngestError

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SIDECAR_SUFFIXES = (".yaml", ".yml", ".json")
# A sidecar is a few dozen values. Anchors and aliases let a tiny file stand for a huge tree
# ("billion laughs") that later code would walk for ever; refuse documents that expand past this.
MAX_YAML_NODES = 100_000


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping that remembers the line it started on, and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


# libyaml's parser when PyYAML has it (ten times faster); same safe constructors either way.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_line_dict(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    return mapping


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_line_dict)


# Dates like 1977-03-15 stay text (partial ISO), never datetime.date.
for first, resolvers in list(_LineLoader.yaml_implicit_resolvers.items()):
    _LineLoader.yaml_implicit_resolvers[first] = [
        (tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"
    ]


def load_sidecar(path: Path) -> LineDict:
    """Parse a YAML (or JSON, a subset of YAML) file whose top level is a mapping."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(str(path), f"is not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise IngestError(str(path), f"cannot be read: {exc.strerror}") from None
    loader = None
    try:
        loader = _LineLoader(text)  # refuses control characters (NUL, ...) here already
        node = loader.get_single_node()
        if node is not None and _expanded_size(node) > MAX_YAML_NODES:
            raise IngestError(
                str(path),
                f"its anchors and aliases expand to more than {MAX_YAML_NODES:,} values; "
                "or refer to themselves; a sidecar needs far fewer",
                node.start_mark.line + 1,
            )
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        # libyaml refuses deep nesting itself ("exceeded maximum nesting depth"): say it as
        # the pure-Python path does.
        problem = "nested too deeply" if "nesting depth" in str(exc.problem) else exc.problem
        raise IngestError(
            str(path), f"invalid YAML: {problem}", mark.line + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:  # errors without a position (e.g. a stray document marker)
        raise IngestError(str(path), f"invalid YAML: {exc}") from None
    except RecursionError:
        raise IngestError(str(path), "invalid YAML: nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, LineDict):
        raise IngestError(str(path), "must be a mapping of fields (key: value)", 1)
    return data


def _expanded_size(root: yaml.Node) -> int:
    """How many values the document stands for once every alias is expanded; stops counting
    past the limit. A node that contains itself counts as unbounded. Iterative: the document
    may be deep."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = _children(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = min(MAX_YAML_NODES + 1, 1 + sum(sizes[id(c)] for c in children))
            continue
        if key in open_nodes:
            return MAX_YAML_NODES + 1  # recursive: an alias inside its own anchor
        open_nodes.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                return MAX_YAML_NODES + 1
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def sidecar_for(path: Path) -> Path | None:
    """`x.vtt` -> `x.yaml` (or .yml, .json) when it exists."""
    for suffix in SIDECAR_SUFFIXES:
        candidate = path.with_suffix(suffix)
        if candidate.exists():
            return candidate
    return None


class Fields:
    """Typed access to a sidecar mapping; every failure names file, line and field."""

    def __init__(self, data: LineDict, file: str) -> None:
        self.data = data
        self.file = file

    def line_of(self, key: str) -> int:
        return (
            self.data.key_lines.get(key, self.data.line) if hasattr(self.data, "key_lines") else 0
        )

    def fail(self, key: str, reason: str) -> IngestError:
        return IngestError(self.file, f"field '{key}': {reason}", self.line_of(key) or None)

    def text(self, key: str, *, required: bool = False, default: str | None = None) -> str | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(key, "is required")
            return default
        if isinstance(value, (dict, list)):
            raise self.fail(key, "must be text")
        return str(value).strip()

    def slug(self, key: str, *, required: bool = True) -> str | None:
        value = self.text(key, required=required)
        if value is not None and not SLUG_RE.match(value):
            raise self.fail(key, f"{value!r} is not a slug (lowercase letters, digits, hyphens)")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self.text(key, required=default is None, default=default)
        if value not in choices:
            raise self.fail(key, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(key, f"{value!r} must be true or false")
        return value

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise self.fail(key, f"{value!r} must be a non-negative number")
        return float(value)

    def date(self, key: str) -> DateRange | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            raise self.fail(key, str(exc)) from None

    def mapping(self, key: str) -> Fields:
        value = self.data.get(key)
        if value is None:
            return Fields(LineDict(), self.file)
        if not isinstance(value, dict):
            raise self.fail(key, "must be a mapping")
        return Fields(value, self.file)  # type: ignore[arg-type]

    def slugs(self, key: str) -> list[str]:
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "must be a list of slugs")
        for item in value:
            if not SLUG_RE.match(item):
                raise self.fail(key, f"{item!r} is not a slug")
        return list(value)

    def rights(self, key: str = "rights") -> dict[str, str | None]:
        """`rights:` as text (a note, kept in `rights`) or as a mapping of `statement` (or
        `licence`: a RightsStatements.org or Creative Commons URI), `holder`, `credit`,
        `terms` and `note`. Only the fields the file gives are returned."""
        value = self.data.get(key)
        if not isinstance(value, dict):
            return dict.fromkeys(rights.FIELDS) | {"rights": self.text(key)}
        part = self.mapping(key)
        uri_key = "licence" if "licence" in part.data else "statement"
        given = {
            "rights_uri": part.text(uri_key),
            "rights_holder": part.text("holder"),
            "credit_line": part.text("credit"),
            "reuse_terms": part.text("terms"),
        }
        names = {"rights_uri": uri_key, "rights_holder": "holder", "credit_line": "credit"}
        try:
            checked = rights.checked_values(given)
        except FieldError as exc:
            field = f"{key}.{names.get(exc.field, 'terms')}"
            line = part.line_of(names.get(exc.field, "terms"))
            raise IngestError(self.file, f"field '{field}': {exc.reason}", line or None) from None
        return {**checked, "rights": part.text("note")}

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, "must be a list")
        return value
