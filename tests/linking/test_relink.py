"""Re-linking against the database: incremental, idempotent, and respectful of editors."""

from pathlib import Path

from sqlalchemy import select, update

from media_catalog.db import transaction
from media_catalog.editing import candidates as review
from media_catalog.ingest.batch import import_paths
from media_catalog.linking.normalise import fold_key
from media_catalog.linking.relink import link
from media_catalog.models import (
    Annotation,
    Entity,
    MediaItem,
    NameCandidate,
    Segment,
    SegmentDate,
    Transcript,
)

AUTHORITY = """
kind: person
entities:
  - slug: natan-sharansky
    name: Natan Sharansky
    aliases: [Shcharansky, {text: Щаранский, lang: ru}]
  - slug: ida-nudel
    name: Ida Nudel
    aliases: [Nudel]
"""
VTT = """
WEBVTT

00:00:01.000 --> 00:00:05.000
<v Ida Nudel>I wrote to Shcharansky in 1977.

00:00:05.000 --> 00:00:09.000
<v Interviewer>And Brooklyn College answered?

00:00:09.000 --> 00:00:12.000
<v Ida Nudel>Мы ждали Щаранского в семидесятые.
"""


def setup_catalog(sessions, write, transcript_file):  # type: ignore[no-untyped-def]
    authority = write("authority/people.yaml", AUTHORITY)
    track = transcript_file("t.vtt", VTT)
    summary = import_paths(sessions, [authority, track], Path("."))
    assert not summary.failed and summary.linked is not None
    return authority, track


def annotations(sessions) -> list[tuple]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return [
            tuple(r)
            for r in session.execute(
                select(
                    Entity.slug,
                    Annotation.role,
                    Annotation.quote,
                    Annotation.status,
                    Annotation.start_ms,
                )
                .join(Entity)
                .order_by(Annotation.start_ms, Annotation.role, Annotation.span_start)
            )
        ]


def test_import_links_mentions_speakers_and_dates(sessions, write, transcript_file) -> None:
    setup_catalog(sessions, write, transcript_file)
    assert annotations(sessions) == [
        ("natan-sharansky", "mentioned", "Shcharansky", "suggested", 1000),
        ("ida-nudel", "speaking", None, "suggested", 1000),
        ("natan-sharansky", "mentioned", "Щаранского", "suggested", 9000),
        ("ida-nudel", "speaking", None, "suggested", 9000),
    ]
    with sessions() as session:
        assert (
            session.scalars(select(Segment.speaker_entity_id).order_by(Segment.position)).all()[1]
            is None
        )
        dates = session.execute(select(SegmentDate.text, SegmentDate.date_start)).all()
        assert sorted(tuple(d) for d in dates) == [
            ("1977", "1977-01-01"),
            ("семидесятые", "1970-01-01"),
        ]
        assert [c.text for c in session.scalars(select(NameCandidate))] == ["Brooklyn College"]


def test_relinking_is_idempotent_and_incremental(sessions, write, transcript_file) -> None:
    setup_catalog(sessions, write, transcript_file)
    before = annotations(sessions)
    with transaction(sessions) as session:
        assert link(session).tracks == 0  # nothing is stale
    with transaction(sessions) as session:
        report = link(session, force=True)
    assert (report.tracks, report.added, report.removed, report.kept) == (1, 0, 0, 4)
    assert annotations(sessions) == before


def test_editor_decisions_survive_and_rejections_are_not_resuggested(
    sessions, write, transcript_file
) -> None:
    authority, _ = setup_catalog(sessions, write, transcript_file)
    with transaction(sessions) as session:
        first, second = session.scalars(
            select(Annotation).where(Annotation.role == "mentioned").order_by(Annotation.start_ms)
        ).all()
        first.status = "rejected"
        second.status, second.author = "confirmed", "editor@example.org"
    # The authority changes (Shcharansky is no longer an alias): every track is linked again.
    authority.write_text(AUTHORITY.replace("[Shcharansky, ", "["))
    assert import_paths(sessions, [authority], Path(".")).linked.tracks == 1  # type: ignore[union-attr]
    rows = annotations(sessions)
    assert ("natan-sharansky", "mentioned", "Shcharansky", "rejected", 1000) in rows
    assert ("natan-sharansky", "mentioned", "Щаранского", "confirmed", 9000) in rows
    assert len([r for r in rows if r[1] == "mentioned"]) == 2  # nothing re-suggested
    # With the alias back, the rejected mention still is not suggested again.
    authority.write_text(AUTHORITY)
    import_paths(sessions, [authority], Path("."))
    assert len([r for r in annotations(sessions) if r[1] == "mentioned"]) == 2


def test_removed_alias_removes_its_suggestions(sessions, write, transcript_file) -> None:
    authority, _ = setup_catalog(sessions, write, transcript_file)
    authority.write_text(AUTHORITY.replace(", {text: Щаранский, lang: ru}", ""))
    import_paths(sessions, [authority], Path("."))
    assert [r[2] for r in annotations(sessions) if r[1] == "mentioned"] == ["Shcharansky"]


def test_candidates_become_entities_or_stay_dismissed(sessions, write, transcript_file) -> None:
    setup_catalog(sessions, write, transcript_file)
    with transaction(sessions) as session:
        review.dismiss_candidate(session, "test-interview", "brooklyn college")
    with transaction(sessions) as session:
        link(session, force=True)
        assert review.candidates_of(session, "test-interview") == []
        assert [c.status for c in review.candidates_of(session, "test-interview", True)] == [
            "dismissed"
        ]


def test_candidate_to_entity_links_it(sessions, write, transcript_file) -> None:
    setup_catalog(sessions, write, transcript_file)
    with transaction(sessions) as session:
        slug = review.candidate_to_entity(
            session, "test-interview", "Brooklyn College", "organization"
        )
        link(session)
    assert slug == "brooklyn-college"
    assert ("brooklyn-college", "mentioned", "Brooklyn College", "suggested", 5000) in annotations(
        sessions
    )


def _linked_state(sessions) -> tuple[list, list, list]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        suggestions = session.execute(
            select(
                Annotation.segment_id, Annotation.entity_id, Annotation.role, Annotation.span_start,
                Annotation.span_end, Annotation.quote, Annotation.confidence, Annotation.status,
            ).order_by(Annotation.segment_id, Annotation.role, Annotation.span_start, Annotation.entity_id)
        ).all()  # fmt: skip
        dates = session.execute(
            select(SegmentDate.segment_id, SegmentDate.text, SegmentDate.date_start).order_by(
                SegmentDate.segment_id, SegmentDate.span_start
            )
        ).all()
        candidates = session.execute(
            select(NameCandidate.media_item_id, NameCandidate.key, NameCandidate.count).order_by(
                NameCandidate.media_item_id, NameCandidate.key
            )
        ).all()
    return suggestions, dates, candidates


def test_worker_processes_link_exactly_as_one_process(demo_catalog) -> None:  # type: ignore[no-untyped-def]
    """Large runs analyse texts in worker processes; the result must not depend on it."""
    first = _linked_state(demo_catalog)
    assert len(first[0]) > 300 and first[1] and first[2]
    for parallel in (True, False):
        with transaction(demo_catalog) as session:
            session.execute(
                Annotation.__table__.delete().where(
                    Annotation.origin == "auto", Annotation.segment_id.is_not(None)
                )
            )
            session.execute(SegmentDate.__table__.delete())
            session.execute(NameCandidate.__table__.delete())
            session.execute(update(Transcript).values(linked_with=None))
        with transaction(demo_catalog) as session:
            report = link(session, parallel=parallel)
        assert report.tracks == 6
        assert _linked_state(demo_catalog) == first


def test_a_name_without_latin_letters_becomes_an_entity(sessions, write, transcript_file) -> None:
    """A suggested Russian or Hebrew name gets an address as the entity editor gives one
    (`entity-N`), not a refusal: Cyrillic and Hebrew are first-class."""
    setup_catalog(sessions, write, transcript_file)
    name = "Бруклинский колледж"
    with transaction(sessions) as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "test-interview"))
        session.add(NameCandidate(media_item_id=item.id, key=fold_key(name), text=name, count=1))
    with transaction(sessions) as session:
        slug = review.candidate_to_entity(session, "test-interview", name, "organization")
    assert slug.startswith("entity-")
    with sessions() as session:
        entity = session.scalar(select(Entity).where(Entity.slug == slug))
        assert entity is not None and entity.name == name
