"""The two full-text indexes behind one interface: SQLite's FTS5 table `segment_fts` and
PostgreSQL's `segments.search_vector`. Each turns a parsed query into a match condition and a
relevance score (higher is better: bm25 negated, ts_rank); everything else about a search is
shared SQL."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, column, func, literal_column, select, table, text
from sqlalchemy.sql import FromClause

from ..models import Segment
from .query import Query, Term


class Backend(Protocol):
    def ranked(self, query: Query) -> tuple[FromClause | None, ColumnElement[bool], Any]:
        """(a table to join segments to, or None; the match condition; the score)."""

    def matching_ids(self, terms: list[list[Term]], excluded: list[Term]) -> Select[Any]:
        """Ids of the segments whose text matches every clause and none of `excluded`."""


_FTS = table("segment_fts", column("rowid"), column("rank"))


class SQLiteBackend:
    def ranked(self, query: Query) -> tuple[FromClause | None, ColumnElement[bool], Any]:
        condition = text("segment_fts MATCH :fts_query").bindparams(
            fts_query=_fts_expression(query.clauses, query.excluded)
        )
        return _FTS, condition, (-_FTS.c.rank).label("score")

    def matching_ids(self, terms: list[list[Term]], excluded: list[Term]) -> Select[Any]:
        expression = _fts_expression(terms, excluded)
        return select(_FTS.c.rowid).where(
            text("segment_fts MATCH :fts_ids").bindparams(fts_ids=expression)
        )


def _fts_phrase(term: Term) -> str:
    # Tokens are runs of letters and digits, so quoting them is safe and keeps FTS5 keywords
    # (AND, NOT, NEAR) as plain words.
    return '"' + " ".join(term.tokens) + '"' + (" *" if term.prefix else "")


def _fts_expression(clauses: list[list[Term]], excluded: list[Term]) -> str:
    positive = " AND ".join(
        "(" + " OR ".join(_fts_phrase(term) for term in clause) + ")" for clause in clauses
    )
    if excluded:
        positive = f"({positive}) NOT (" + " OR ".join(map(_fts_phrase, excluded)) + ")"
    return positive


_VECTOR = literal_column("segments.search_vector")


class PostgresBackend:
    def ranked(self, query: Query) -> tuple[FromClause | None, ColumnElement[bool], Any]:
        tsquery = _tsquery(query.clauses, query.excluded, "pg_query")
        return None, _VECTOR.op("@@")(tsquery), func.ts_rank(_VECTOR, tsquery).label("score")

    def matching_ids(self, terms: list[list[Term]], excluded: list[Term]) -> Select[Any]:
        return select(Segment.id).where(_VECTOR.op("@@")(_tsquery(terms, excluded, "pg_ids")))


def _ts_term(term: Term) -> str:
    lexemes = [f"'{token}'" for token in term.tokens]
    if term.prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"


def _tsquery(clauses: list[list[Term]], excluded: list[Term], name: str) -> Any:
    expression = " & ".join(
        "(" + " | ".join(_ts_term(term) for term in clause) + ")" for clause in clauses
    )
    for term in excluded:
        expression += f" & !{_ts_term(term)}"
    return text(f"to_tsquery('simple', :{name})").bindparams(**{name: expression})


def backend_for(dialect_name: str) -> Backend:
    return SQLiteBackend() if dialect_name == "sqlite" else PostgresBackend()
