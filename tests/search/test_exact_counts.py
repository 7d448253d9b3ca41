"""Search counts every match: totals, per-item counts and facets equal a brute-force count over
the catalog's rows, with thousands of matches for one word, before and after restrictions and
edits, on whichever database the suite runs on; every page can be reached and pages come in
score order. Also: the index on disk is what a new process reads, and it follows the catalog."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from media_catalog.ingest.batch import import_paths
from media_catalog.linking.normalise import fold
from media_catalog.models import User
from media_catalog.search import Filters, index, search, store

EDITOR = User(email="e@example.org", role="editor", password_hash="-")
WORDS = "visa letter waiting refused family summer window door Moscow trial".split()
SPEAKERS = ["Ada Stone", "Boris Lind", "Chaim Orr"]
TRACKS, CUES = 4, 900


def _track(seed: int) -> str:
    rng = random.Random(seed)
    cues = ["WEBVTT", ""]
    for i in range(CUES):
        words = rng.choices(WORDS, k=rng.randint(4, 12))
        if rng.random() < 0.7:
            words.insert(rng.randrange(len(words)), "zephyr")
        start = i * 2000
        cues += [
            f"{start // 3_600_000:02d}:{start // 60_000 % 60:02d}:{start // 1000 % 60:02d}.000 --> "
            f"{(start + 1500) // 3_600_000:02d}:{(start + 1500) // 60_000 % 60:02d}:"
            f"{(start + 1500) // 1000 % 60:02d}.500",
            f"<v {SPEAKERS[i % 3]}>{' '.join(words)}",
            "",
        ]
    return "\n".join(cues)


@pytest.fixture
def large_catalog(demo_catalog, transcript_file, media_root: Path):  # type: ignore[no-untyped-def]
    paths = [
        transcript_file(
            f"big-{n}.vtt", _track(n), media=f"big-interview-{n}", title=f"Big interview {n}"
        )
        for n in range(TRACKS)
    ]
    summary = import_paths(demo_catalog, paths, media_root)
    assert not summary.failed, [o.detail for o in summary.failed]
    return demo_catalog


def _brute(sessions, word: str, privileged: bool) -> tuple[Counter, Counter, Counter]:  # type: ignore[no-untyped-def]
    """(moments per media slug, per language, per speaker) by reading every row."""
    per_media, languages, speakers = Counter(), Counter(), Counter()
    with sessions() as session:
        rows = session.execute(
            text(
                "SELECT s.text, s.speaker, t.language, m.slug, s.restricted, t.restricted, "
                "m.restricted FROM segments s JOIN transcripts t ON t.id = s.transcript_id "
                "JOIN media_items m ON m.id = t.media_item_id"
            )
        )
        for body, speaker, language, slug, *restricted in rows:
            if word in fold(body)[0].split() and (privileged or not any(restricted)):
                per_media[slug] += 1
                languages[language] += 1
                if speaker:
                    speakers[speaker] += 1
    return per_media, languages, speakers


def _linked(sessions, word: str, slug: str) -> int:  # type: ignore[no-untyped-def]
    """Public moments holding the word and linked to the entity, by reading every row."""
    with sessions() as session:
        rows = session.execute(
            text(
                "SELECT DISTINCT s.id, s.text FROM segments s "
                "JOIN transcripts t ON t.id = s.transcript_id "
                "JOIN media_items m ON m.id = t.media_item_id "
                "JOIN annotations a ON a.segment_id = s.id JOIN entities e ON e.id = a.entity_id "
                "WHERE e.slug = :slug AND a.status != 'rejected' AND s.restricted = :no "
                "AND t.restricted = :no AND m.restricted = :no"
            ),
            {"slug": slug, "no": False},
        )
        return sum(1 for _, body in rows if word in fold(body)[0].split())


def _all_groups(sessions, query: str, user: User | None = None) -> list:  # type: ignore[no-untyped-def]
    with sessions() as session:
        first = search(session, user, query, per_page=2)
        groups = list(first.groups)
        for page in range(2, first.pages + 1):
            groups += search(session, user, query, page=page, per_page=2).groups
    return groups


def test_totals_and_facets_equal_a_brute_force_count(large_catalog) -> None:
    per_media, languages, speakers = _brute(large_catalog, "zephyr", privileged=False)
    assert sum(per_media.values()) > 2000  # thousands of matches for one word
    with large_catalog() as session:
        results = search(session, None, "zephyr")
    assert results.total_hits == sum(per_media.values())
    assert results.total_groups == len(per_media)
    assert {f.value: f.count for f in results.facets["languages"]} == dict(languages)
    assert {f.value: f.count for f in results.facets["speakers"]} == dict(speakers)
    assert sum(f.count for f in results.facets["kinds"]) == results.total_hits
    places = {f.value: f.count for f in results.facets["places"]}
    assert places["moscow"] == _linked(large_catalog, "zephyr", "moscow") > 100
    groups = _all_groups(large_catalog, "zephyr")
    assert {g.media.slug: g.count for g in groups} == dict(per_media)
    best = [g.score for g in groups]
    assert best == sorted(best, reverse=True)  # every page in score order
    for group in groups:
        assert [h.score for h in group.hits] and all(h.score > 0 for h in group.hits)


def test_restricted_moments_are_never_counted_and_changes_show_at_once(large_catalog) -> None:
    with large_catalog() as session:
        before = search(session, None, "zephyr").total_hits
        session.execute(
            text(
                "UPDATE segments SET restricted = :yes WHERE id IN (SELECT s.id FROM segments s "
                "JOIN transcripts t ON t.id = s.transcript_id JOIN media_items m "
                "ON m.id = t.media_item_id WHERE m.slug = 'big-interview-1' AND s.start_ms < 600000)"
            ),
            {"yes": True},
        )
        session.commit()
    per_media, _, _ = _brute(large_catalog, "zephyr", privileged=False)
    with large_catalog() as session:
        public = search(session, None, "zephyr")
        editor = search(session, EDITOR, "zephyr")
        within = search(session, None, "zephyr", Filters(media="big-interview-1"), per_page=5)
    assert public.total_hits == sum(per_media.values()) < before == editor.total_hits
    assert within.total_hits == per_media["big-interview-1"]
    assert all(h.start_ms >= 600000 for h in within.hits)


def test_an_edited_segment_is_found_by_its_new_words_only(large_catalog) -> None:
    with large_catalog() as session:
        segment_id = session.scalar(text("SELECT min(id) FROM segments"))
        old = session.scalar(text("SELECT text FROM segments WHERE id = :i"), {"i": segment_id})
        session.execute(
            text("UPDATE segments SET text = 'quillwort moment' WHERE id = :i"), {"i": segment_id}
        )
        session.commit()
        found = search(session, None, "quillwort")
        assert [h.segment_id for h in found.hits] == [segment_id]
        old_word = fold(old)[0].split()[0]
        assert segment_id not in {
            h.segment_id for h in search(session, None, old_word, per_page=1000).hits
        }
        session.execute(text("DELETE FROM segments WHERE id = :i"), {"i": segment_id})
        session.commit()
        assert search(session, None, "quillwort").total_hits == 0


def test_a_new_process_reads_the_built_index_from_disk(large_catalog) -> None:
    with large_catalog() as session:
        index.rebuild(session)
        expected = search(session, None, "zephyr")
        root = store.folder(session)
    assert root is not None and store.current_generation(root) is not None
    index.drop_cached()  # as a freshly started worker
    with large_catalog() as session:
        again = search(session, None, "zephyr")
    assert again.total_hits == expected.total_hits
    assert [g.media.slug for g in again.groups] == [g.media.slug for g in expected.groups]


def test_the_index_folder_is_the_owners_alone(large_catalog) -> None:
    with large_catalog() as session:
        index.rebuild(session)
        root = store.folder(session)
    assert root is not None
    found = store.current_generation(root)
    assert found is not None
    assert root.stat().st_mode & 0o077 == 0 and found[0].stat().st_mode & 0o077 == 0
