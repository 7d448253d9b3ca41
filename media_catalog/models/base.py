"""Declarative base with a constraint naming convention (stable Alembic names) and the column
aliases the models share."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from sqlalchemy import JSON, DateTime, MetaData, String
from sqlalchemy.orm import DeclarativeBase, mapped_column

from ..identifiers import new_pid

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


intpk = Annotated[int, mapped_column(primary_key=True)]
slug = Annotated[str, mapped_column(String(200), unique=True, index=True)]
ms = Annotated[int, mapped_column()]
timestamp = Annotated[datetime, mapped_column(DateTime(timezone=True), default=utcnow)]
json_dict = Annotated[dict, mapped_column(JSON, default=dict)]
# A persistent identifier (identifiers.py): given on insert, unique, never changed.
# Nullable in the schema only: NOT NULL would make SQLite rebuild the logged tables (0013).
pid = Annotated[str | None, mapped_column(String(16), unique=True, index=True, default=new_pid)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict: JSON}
