"""Settings read from the environment, with defaults that run the demo catalog out of the box."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from .errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


UPLOAD_LIMIT = 32 * 1024 * 1024  # the largest form or upload the app accepts
ACCEL_MODES = ("off", "nginx", "apache")


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
        # Who sends media bytes once the app has said yes: the app itself (off), or the front
        # server named here, from its internal location under MEDIA_ACCEL_PREFIX (docs/deploy.md).
        "MEDIA_ACCEL": os.environ.get("MEDIA_ACCEL", "off"),
        "MEDIA_ACCEL_PREFIX": os.environ.get("MEDIA_ACCEL_PREFIX", "/_accel/"),
        # Shared storage for rate limits (and the job queue): Redis when set, else the database.
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # /metrics answers loopback, admins, and a scraper sending this as a bearer token.
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN", ""),
        # How many proxies in front (nginx: 1) whose X-Forwarded-For/-Proto the app believes;
        # 0 believes none, so a client cannot claim another address.
        "PROXY_HOPS": int(os.environ.get("PROXY_HOPS", "0")),
        # Requests per client address (Flask-Limiter's notation), counted across all workers.
        "RATE_LIMIT_SIGN_IN": os.environ.get("RATE_LIMIT_SIGN_IN", "30 per minute"),
        "RATE_LIMIT_SEARCH": os.environ.get("RATE_LIMIT_SEARCH", "300 per minute"),
        "RATE_LIMIT_EXPORTS": os.environ.get("RATE_LIMIT_EXPORTS", "30 per minute"),
        "RATE_LIMITS_ENABLED": os.environ.get("RATE_LIMITS_ENABLED", "1") != "0",
        # Signed consent forms (consent.py); an interview with no consent on record at all is
        # refused for public, screening and broadcast uses ("refuse") or let through ("allow").
        "CONSENT_DIR": os.environ.get("CONSENT_DIR", str(instance / "consent")),
        "CONSENT_UNRECORDED": os.environ.get("CONSENT_UNRECORDED", "refuse"),
        **job_settings(instance),
    }
    settings.update(overrides or {})
    _check(settings)
    return settings


def _check(settings: dict) -> None:
    """Refuse a setting the app cannot work with at start-up, naming it and why."""
    if settings["CONSENT_UNRECORDED"] not in ("refuse", "allow"):
        raise ConfigError(
            f"CONSENT_UNRECORDED: {settings['CONSENT_UNRECORDED']!r} is not 'refuse' or 'allow'"
        )
    if settings["MEDIA_ACCEL"] not in ACCEL_MODES:
        raise ConfigError(
            f"MEDIA_ACCEL: {settings['MEDIA_ACCEL']!r} is not one of {', '.join(ACCEL_MODES)}"
        )
    prefix = settings["MEDIA_ACCEL_PREFIX"]
    if not (prefix.startswith("/") and prefix.endswith("/")) or "//" in prefix:
        raise ConfigError(
            f"MEDIA_ACCEL_PREFIX: {prefix!r} must be a path that starts and ends with '/'"
        )


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


def job_settings(instance: Path) -> dict:
    """The job queue and the files its jobs leave (README's configuration table)."""
    env = os.environ.get
    return {
        # Empty: Huey's SQLite storage in the instance folder; redis://... for many machines.
        "JOBS_URL": env("JOBS_URL") or env("REDIS_URL") or f"sqlite:///{instance / 'jobs.sqlite3'}",
        # Run each job inside the call that queues it (tests about something other than the queue).
        "JOBS_IMMEDIATE": env("JOBS_IMMEDIATE", "") in ("1", "true", "yes"),
        "JOBS_WORKERS": int(env("JOBS_WORKERS", "2")),
        # A faster-whisper or Vosk model folder the site already has; empty: embedded PocketSphinx.
        "ASR_MODEL_DIR": env("ASR_MODEL_DIR", ""),
        # A running job writes a heartbeat this often; one silent for JOBS_STALE_SECONDS is taken
        # to have lost its worker and is retried, up to JOBS_MAX_ATTEMPTS runs in all.
        "JOBS_HEARTBEAT_SECONDS": float(env("JOBS_HEARTBEAT_SECONDS", "10")),
        "JOBS_STALE_SECONDS": float(env("JOBS_STALE_SECONDS", "60")),
        "JOBS_MAX_ATTEMPTS": int(env("JOBS_MAX_ATTEMPTS", "2")),
        # How long a guide PDF request waits for its rendering job before asking to come back.
        "GUIDE_PDF_WAIT_SECONDS": float(env("GUIDE_PDF_WAIT_SECONDS", "60")),
        "EXPORTS_DIR": env("EXPORTS_DIR", str(instance / "exports")),
        # Files uploaded for import, each upload in a folder its import job removes.
        "UPLOADS_DIR": env("UPLOADS_DIR", str(instance / "uploads")),
        # Thumbnails and shared clips, cut once and kept.
        "CACHE_DIR": env("CACHE_DIR", str(instance / "reels")),
        # Export results older than this, or past the quota (oldest first), are collected.
        "EXPORT_MAX_AGE_HOURS": float(env("EXPORT_MAX_AGE_HOURS", "168")),
        "EXPORT_QUOTA_MB": float(env("EXPORT_QUOTA_MB", "2048")),
        # Where jobs cut clips before packing them (subclips-* folders).
        "TEMP_DIR": env("TEMP_DIR") or tempfile.gettempdir(),
        # Temporary files (*.part, subclips-* folders) untouched this long belong to no live job.
        "TEMP_MAX_AGE_HOURS": float(env("TEMP_MAX_AGE_HOURS", "6")),
    }
