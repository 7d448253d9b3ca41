"""Settings read from the environment, with defaults that run the demo catalog out of the box."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


UPLOAD_LIMIT = 32 * 1024 * 1024  # the largest form or upload the app accepts


def load_settings(instance_path: str, overrides: dict | None = None) -> dict:
    """Every setting the app reads, in one place (documented in README's configuration table)."""
    instance = Path(instance_path)
    settings = {
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance / 'media-catalog.sqlite3'}"
        ),
        "MEDIA_ROOT": os.environ.get("MEDIA_ROOT", str(instance / "media")),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _instance_secret(instance),
        # Where the public reaches the app: the CLI writes links (an OHMS file's media URL) with it.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://localhost:5000"),
        # Checked before any body is read: an anonymous 300 MB POST answers 413 at once.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", str(UPLOAD_LIMIT))),
    }
    settings.update(overrides or {})
    return settings


def _instance_secret(instance: Path) -> str:
    """A random key kept in the instance folder, so sessions survive restarts without setup."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
