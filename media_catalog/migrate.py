"""Schema upgrades through Alembic, used by `media-catalog init`, the demo setup and the tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from .db import normalise_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


# Search index objects the migrations make by hand, which the models do not describe.
SEARCH_INDEX_TABLES = ("segment_fts",)
SEARCH_INDEX_COLUMNS = ("search_vector",)


def is_modelled(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic's include_object: leaves the full-text index out of model comparisons."""
    if type_ == "table" and name and name.startswith(SEARCH_INDEX_TABLES):
        return False
    if type_ == "column" and name in SEARCH_INDEX_COLUMNS:
        return False
    return not (type_ == "index" and name == "ix_segments_search_vector")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
