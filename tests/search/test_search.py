"""Searching the demo catalog, on SQLite and (with TEST_DATABASE_URL) PostgreSQL alike: query
syntax, names across scripts, every filter, pages, and restricted material kept out."""

import pytest

from media_catalog.models import User
from media_catalog.search import Filters, QueryError, search

EDITOR = User(email="editor@example.org", role="editor", password_hash="!")


def found(sessions, text, user=None, **filters):  # type: ignore[no-untyped-def]
    """{(media slug, language, segment text)} of every result (all pages)."""
    with sessions() as session:
        first = search(session, user, text, Filters(**filters), per_page=1000)
        return {
            (group.media.slug, hit.language, hit.segment.text)
            for group in first.groups
            for hit in group.hits
        }


def test_words_must_all_appear(demo_catalog) -> None:
    both = found(demo_catalog, "sentenced death")
    assert both and all(
        "sentenced" in text.lower() and "death" in text.lower() for _, _, text in both
    )
    assert len(found(demo_catalog, "death")) > len(both)


def test_phrase_prefix_exclusion_or(demo_catalog) -> None:
    with demo_catalog() as session:
        phrase = search(session, None, '"Six-Day War"', per_page=1000)
        hits = [hit for group in phrase.groups for hit in group.hits]
        assert any(hit.by_name for hit in hits)  # the Russian segments name the war its own way
        assert all("six-day war" in hit.segment.text.lower() for hit in hits if not hit.by_name)
    prefix = found(demo_catalog, "refus*")
    words = " ".join(t.lower() for _, _, t in prefix)
    assert "refused" in words and "refuseniks" in words
    moscow = found(demo_catalog, "Moscow")
    not_leningrad = found(demo_catalog, "Moscow -Leningrad")
    assert not_leningrad < moscow
    assert not any("leningrad" in t.lower() for _, _, t in not_leningrad)
    either = found(demo_catalog, "Moscow OR Leningrad")
    assert moscow <= either and found(demo_catalog, "Leningrad") <= either


@pytest.mark.parametrize(
    "spelling", ["Shcharansky", "Sharansky", "Щаранский", "Щаранского", "שרנסקי"]
)
def test_a_name_finds_its_entity_in_every_script(demo_catalog, spelling: str) -> None:
    results = found(demo_catalog, spelling)
    languages = {language for _, language, _ in results}
    assert {"en", "ru"} <= languages, spelling
    texts = " ".join(t for _, _, t in results)
    assert "Sharansky" in texts and "Щаранск" in texts


def test_yo_and_ye_are_one_letter(demo_catalog) -> None:
    with_yo = found(demo_catalog, "всё")
    assert with_yo and with_yo == found(demo_catalog, "все")
    assert any("всё" in text for _, _, text in with_yo)


def test_every_filter(demo_catalog) -> None:
    everything = found(demo_catalog, "Moscow OR Leningrad OR Sharansky")
    for filters, check in [
        ({"language": "ru"}, lambda m, lang, t: lang == "ru"),
        ({"media": "interview-student"}, lambda m, lang, t: m == "interview-student"),
        ({"kind": "interview"}, lambda m, lang, t: m.startswith("interview")),
        ({"film": "refusenik"}, lambda m, lang, t: True),
        ({"entities": ["natan-sharansky"]}, lambda m, lang, t: True),
    ]:
        narrowed = found(demo_catalog, "Moscow OR Leningrad OR Sharansky", **filters)
        assert narrowed and narrowed <= everything and all(check(*r) for r in narrowed), filters
    assert found(demo_catalog, "Moscow", film="no-such-film") == set()
    assert found(demo_catalog, "Moscow", kind="archival") == set()  # clips come as records


def test_speaker_and_entities_filters(demo_catalog) -> None:
    with demo_catalog() as session:
        results = search(session, None, "Sharansky", per_page=1000)
        speaker = next(
            h.segment.speaker for g in results.groups for h in g.hits if h.segment.speaker
        )
    by_speaker = found(demo_catalog, "Sharansky", speaker=speaker)
    assert by_speaker and len(by_speaker) < len(found(demo_catalog, "Sharansky"))
    both = found(demo_catalog, "Sharansky", entities=["natan-sharansky", "mikhail-gorbachev"])
    one = found(demo_catalog, "Sharansky", entities=["natan-sharansky"])
    assert both and both < one


def test_period_filter_uses_spoken_dates_events_and_footage(demo_catalog) -> None:
    seventies = found(demo_catalog, "Sharansky OR Moscow", year_from=1970, year_to=1979)
    eighties = found(demo_catalog, "Sharansky OR Moscow", year_from=1986, year_to=1989)
    assert seventies and eighties and seventies != eighties
    assert found(demo_catalog, "Sharansky OR Moscow", year_from=1900, year_to=1901) == set()
    with demo_catalog() as session:
        clips = search(session, None, "rally", Filters(year_from=1987, year_to=1987)).clips
        assert [c.slug for c in clips] == ["freedom-sunday-rally-washington-1987-12-06"]


def test_facets_count_the_results(demo_catalog) -> None:
    with demo_catalog() as session:
        results = search(session, None, "Sharansky", per_page=1000)
        assert sum(n for _, n in results.facets.languages) == results.total
        assert dict(results.facets.languages).keys() >= {"en", "ru"}
        assert results.facets.entities[0][0].slug == "natan-sharansky"
        assert results.facets.decades and all(d % 10 == 0 for d, _ in results.facets.decades)
        assert [f.slug for f, _ in results.facets.films] == ["refusenik"]


def test_pages_and_groups(demo_catalog) -> None:
    with demo_catalog() as session:
        everything = search(session, None, "refus*", per_page=1000)
        pages = [search(session, None, "refus*", per_page=5, page=n) for n in (1, 2, 3)]
        assert pages[0].pages == -(-everything.total // 5)
        seen = [(h.segment.id) for p in pages for g in p.groups for h in g.hits]
        assert len(seen) == len(set(seen)) == 15  # no segment on two pages
        assert set(seen) <= {h.segment.id for g in everything.groups for h in g.hits}
        assert search(session, None, "refus*", per_page=5, page=999).page == pages[0].pages
        for group in everything.groups:
            assert group.total == len(group.hits)


def test_snippets_are_escaped_and_marked(demo_catalog, write, transcript_file) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from media_catalog.ingest.batch import import_paths

    track = transcript_file(
        "x.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<b>bold</b> &lt;script&gt;alert(1)&lt;/script&gt; Nudel\n",
    )
    assert not import_paths(demo_catalog, [track], Path(".")).failed
    with demo_catalog() as session:
        results = search(session, None, "alert", per_page=1000)
        snippet = str(results.groups[0].hits[0].snippet)
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>alert</mark>" in snippet


def test_restricted_material_is_absent_from_results_and_counts(demo_catalog) -> None:
    secret = "schizophrenia"  # said only in the restricted passage
    assert found(demo_catalog, secret) == set()
    assert found(demo_catalog, secret, user=EDITOR)
    with demo_catalog() as session:
        public = search(session, None, "brother", per_page=1000)
        editor = search(session, EDITOR, "brother", per_page=1000)
        assert public.total < editor.total
        assert sum(n for _, n in public.facets.languages) == public.total
        # restricted clips are found by their records only by those allowed to see them
        public_clips = {c.slug for c in search(session, None, "Ovrashki").clips}
        editor_clips = {c.slug for c in search(session, EDITOR, "Ovrashki").clips}
        assert "refusenik-gathering-ovrashki-1970s" in editor_clips - public_clips


@pytest.mark.parametrize("bad", ['"unbalanced', "OR", "-only", "x" * 10_000, "*"])
def test_bad_queries_raise_query_error(demo_catalog, bad: str) -> None:
    with demo_catalog() as session, pytest.raises(QueryError):
        search(session, None, bad)


def test_the_index_follows_imports_and_deletions(demo_catalog, transcript_file) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from sqlalchemy import delete

    from media_catalog.db import transaction
    from media_catalog.ingest.batch import import_paths
    from media_catalog.models import MediaItem

    cue = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n{}\n"
    track = transcript_file("t.vtt", cue.format("A zeppelin over the river."))
    assert not import_paths(demo_catalog, [track], Path(".")).failed
    assert found(demo_catalog, "zeppelin")
    track.write_text(cue.format("A balloon over the river."), encoding="utf-8")
    assert not import_paths(demo_catalog, [track], Path(".")).failed
    assert found(demo_catalog, "zeppelin") == set() and found(demo_catalog, "balloon")
    with transaction(demo_catalog) as session:
        session.execute(delete(MediaItem).where(MediaItem.slug == "test-interview"))
    assert found(demo_catalog, "balloon") == set()


SAME_ON_BOTH = [
    "Sharansky", "Щаранского", "refus*", '"Six-Day War"', "Moscow -Leningrad",
    "Kiev OR Kyiv OR Moscow", "все", "visa 1977", "שרנסקי", "KGB", "exit visa*",
]  # fmt: skip


@pytest.mark.skipif(
    not __import__("os").environ.get("TEST_DATABASE_URL"),
    reason="compares PostgreSQL with SQLite: runs in the PostgreSQL pass of scripts/test.sh",
)
def test_same_results_on_sqlite_and_postgresql(demo_catalog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from media_catalog import demo, migrate
    from media_catalog.db import make_engine, make_session_factory
    from media_catalog.ingest.batch import import_paths

    engine = make_engine(f"sqlite:///{tmp_path / 'compare.sqlite3'}")
    migrate.upgrade(engine)
    sqlite = make_session_factory(engine)
    media = tmp_path / "compare-media"
    media.mkdir()
    assert not import_paths(sqlite, demo.demo_paths(), media).failed
    assert demo_catalog.kw["bind"].dialect.name == "postgresql"
    for text in SAME_ON_BOTH:
        assert found(sqlite, text) == found(demo_catalog, text), text
    engine.dispose()
