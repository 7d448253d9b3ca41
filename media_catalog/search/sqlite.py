"""The SQLite backend: FTS5 tables filled by the triggers of migration 0004
(unicode61, diacritics removed, ё folded to е before indexing). Ranks by bm25."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
    true,
)
from sqlalchemy.orm import Session

from ..models import MediaItem, Segment
from .query import Query, Term, fts5_expression

_segments_fts = table("search_segments", column("rowid"))
_media_fts = table("search_media", column("rowid"))
MEDIA_SCAN_CAP = 5000  # clips matching a query; far more than a catalog's archival holdings


def segment_source(
    query: Query, expansions: dict[Term, list[Term]]
) -> tuple[FromClause, Any, ColumnElement[Any], ColumnElement[bool]]:
    """(from clause joined to segments, the id column to probe, a first score where higher is
    better, match condition). The first score is term density (shorter segments first), not
    bm25: FTS5's bm25 counts every row holding each term before it answers, which for a very
    frequent word costs more than the whole search; `refine_scores` adds bm25 when cheap."""
    match = literal_column("search_segments").op("MATCH")(
        bindparam("segment_match", fts5_expression(query, expansions))
    )
    joined = _segments_fts.join(Segment.__table__, Segment.id == _segments_fts.c.rowid)
    return joined, _segments_fts.c.rowid, -func.length(Segment.text), match


def refine_scores(
    session: Session, query: Query, expansions: dict[Term, list[Term]], ids: list[int]
) -> dict[int, float]:
    """bm25 for these segments; only called when the query matched few rows in all, so that
    counting its rows is cheap."""
    values = ",".join(str(int(i)) for i in ids)
    rows = session.execute(
        text(
            "SELECT rowid, -bm25(search_segments) FROM search_segments "
            f"WHERE search_segments MATCH :q AND rowid IN ({values})"
        ),
        {"q": fts5_expression(query, expansions)},
    )
    return {int(rowid): float(score) for rowid, score in rows}


def media_source(
    query: Query, expansions: dict[Term, list[Term]]
) -> tuple[FromClause, ColumnElement[Any], ColumnElement[bool]]:
    """Matches first, in a subquery the planner cannot flatten: joined directly, SQLite would
    walk every media item and probe the index for each."""
    match = literal_column("search_media").op("MATCH")(
        bindparam("media_match", fts5_expression(query, expansions))
    )
    matches = (
        select(
            _media_fts.c.rowid.label("media_id"),
            (-literal_column("bm25(search_media)")).label("score"),
        )
        .where(match)
        .limit(MEDIA_SCAN_CAP)
        .subquery()
    )
    joined = matches.join(MediaItem.__table__, MediaItem.id == matches.c.media_id)
    return joined, matches.c.score, true()


def segments_matching(query: Query) -> Select[Any]:
    """Ids of segments matching any excluded term (to leave out of annotation-found moments)."""
    return select(_segments_fts.c.rowid).where(
        literal_column("search_segments").op("MATCH")(
            bindparam("excluded_match", fts5_expression(Query(((query.excluded),), ())))
        )
    )


def reindex(session: Session) -> None:
    """Rebuild both indexes from the catalog (after a bulk load or a table-rebuilding migration)."""
    session.execute(text("INSERT INTO search_segments(search_segments) VALUES ('delete-all')"))
    session.execute(
        text(
            "INSERT INTO search_segments(rowid, body) "
            "SELECT id, replace(replace(text, 'ё', 'е'), 'Ё', 'Е') FROM segments"
        )
    )
    session.execute(text("UPDATE media_items SET kind = kind"))  # the update trigger re-indexes


def index_size_bytes(session: Session) -> int:
    """Pages the FTS5 shadow tables take (dbstat may be missing: then page counts by table)."""
    try:
        return int(
            session.scalar(
                text("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search\\_%' ESCAPE '\\'")
            )
            or 0
        )
    except Exception:  # noqa: BLE001 - dbstat is a compile-time option of SQLite
        return 0
