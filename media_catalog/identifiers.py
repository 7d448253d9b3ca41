"""Persistent identifiers: short random Crockford base32 strings given to films, media items,
segments, entities and reels when they are made. Never derived from a slug or a row number, so
an identifier survives renames and re-imports and is never handed to anything else."""

from __future__ import annotations

import re
import secrets

CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"  # no i, l, o, u: nothing to misread
PID_LENGTH = 16  # 80 random bits: collisions are out of reach, and the unique index refuses one
PID_RE = re.compile(rf"^[{CROCKFORD}]{{{PID_LENGTH}}}$")


def new_pid() -> str:
    return "".join(secrets.choice(CROCKFORD) for _ in range(PID_LENGTH))


def normalise_pid(text: str) -> str | None:
    """A typed identifier as stored (lower case; Crockford's I/L read as 1, O as 0, hyphens
    dropped), or None when it cannot be one."""
    pid = text.strip().lower().replace("-", "")
    pid = pid.translate(str.maketrans({"i": "1", "l": "1", "o": "0"}))
    return pid if PID_RE.match(pid) else None
