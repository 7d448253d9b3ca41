"""The catalog's error hierarchy. Domain code raises these; the CLI turns them into one clean
line and exit status 1, the web into a friendly page or JSON answer.

A message is written once, in English, marked N_("… %(name)s …") with its values as keyword
arguments (wording.py): the command line reads it filled in (str), and the web shows it in the
reader's language (`reason_in`, web/error_text.py)."""

from __future__ import annotations

from typing import Any

from .wording import Translate, english


class CatalogError(Exception):
    """Base class of every error the catalog reports to a person: its message, marked N_,
    filled with `values` (English in str(); the reader's language through `reason_in`)."""

    def __init__(self, *args: Any, **values: Any) -> None:
        # One message (marked N_) and its values; anything else is kept as Exception keeps it.
        self._message = args[0] if len(args) == 1 and isinstance(args[0], str) else None
        self._values = values
        super().__init__(*([english(args[0], **values)] if self._message is not None else args))

    def reason_in(self, translate: Translate) -> str:
        if self._message is None:
            return str(self)
        return translate(self._message, **self._values)


class IngestError(CatalogError):
    """A file that cannot be imported: names the file, the line (when known) and the reason."""

    def __init__(self, file: str, reason: str, line: int | None = None) -> None:
        self.file = str(file)
        self.line = line
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


class FieldError(CatalogError):
    """A change that cannot be saved because of one field: names the field and the reason
    (`template` filled with `values`)."""

    def __init__(self, field: str, reason: str, /, **values: Any) -> None:
        self.field = field
        self.template = reason
        self.values = values
        self.reason = self.reason_in(english)
        super().__init__(f"{field}: {self.reason}")

    def reason_in(self, translate: Translate) -> str:
        """The reason as `translate` writes it (English here; the reader's language on pages).
        A value may be another field's error, placed in a wider reason."""
        values = {
            k: v.reason_in(translate) if isinstance(v, FieldError) else v
            for k, v in self.values.items()
        }
        return translate(self.template, **values)


class ConfigError(CatalogError):
    """A setting the catalog cannot work with (a malformed DATABASE_URL): names it and why."""


class NotFound(CatalogError):
    """Something asked for does not exist (or may not be seen, which answers the same)."""


class AccessDenied(CatalogError):
    """The user may not do this."""
