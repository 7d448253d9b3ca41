"""Reading XML from outside safely and with line numbers: no DTDs or entity declarations (they
can expand without limit or reach for files), and every element remembers the line it began
on, so import errors can name it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, NoReturn
from xml.parsers import expat

from ..errors import IngestError


class XmlDocument:
    """A parsed file: its root element and the line each element starts on."""

    def __init__(self, path: Path, root: ET.Element, lines: dict[int, int]) -> None:
        self.path = path
        self.root = root
        self._lines = lines

    def line(self, element: ET.Element | None) -> int | None:
        return self._lines.get(id(element)) if element is not None else None

    def fail(self, element: ET.Element | None, reason: str) -> NoReturn:
        raise IngestError(str(self.path), reason, self.line(element))


def local_name(tag: str) -> str:
    """`{https://...ohms}record` -> `record`: files come with and without the namespace."""
    return tag.rsplit("}", 1)[-1]


def read_xml(path: Path) -> XmlDocument:
    """Parse a file; IngestError names the line of malformed XML or of a refused DTD."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(str(path), f"cannot be read: {exc.strerror}") from None
    parser = expat.ParserCreate(namespace_separator="}")
    builder = ET.TreeBuilder()
    lines: dict[int, int] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = builder.start(local_name(tag), attrs)
        lines[id(element)] = parser.CurrentLineNumber

    def refuse(*_args: Any) -> None:
        raise IngestError(
            str(path), "a DOCTYPE or entity declaration is not accepted", parser.CurrentLineNumber
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(local_name(tag))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        reason = expat.errors.messages[exc.code]
        raise IngestError(str(path), f"not well-formed XML ({reason})", exc.lineno) from None
    except LookupError as exc:  # the XML declaration names an encoding Python does not know
        raise IngestError(str(path), f"cannot be decoded: {exc}", 1) from None
    return XmlDocument(path, builder.close(), lines)
