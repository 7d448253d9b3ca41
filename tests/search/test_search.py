"""Search over the demo catalog. The same module runs on SQLite and, with TEST_DATABASE_URL,
on PostgreSQL: the same queries must give the same moments on both."""

from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from media_catalog import demo, search
from media_catalog.ingest.batch import import_paths
from media_catalog.models import Annotation, Entity, MediaItem, Segment, User
from media_catalog.search import Filters, QueryError

EDITOR = User(email="e@example.org", role="editor", password_hash="-")


def run(sessions, query: str, user=None, **filters):  # type: ignore[no-untyped-def]
    page = filters.pop("page", 1)
    per_page = filters.pop("per_page", 50)
    with sessions() as session:
        return search.search(session, user, query, Filters(**filters), page, per_page)


def media_of(results) -> set[str]:  # type: ignore[no-untyped-def]
    return {group.media.slug for group in results.groups}


def languages_of(results) -> set[str]:  # type: ignore[no-untyped-def]
    return {hit.language for hit in results.hits}


def test_words_find_moments_with_snippets_marked(demo_catalog) -> None:
    results = run(demo_catalog, "Glienicke")
    assert media_of(results) >= {"interview-historian", "sharansky-glienicke-bridge-1986-02-11"}
    marked = [str(hit.snippet.html) for hit in results.hits]
    assert all("<mark>Glienicke</mark>" in html for html in marked)
    assert results.total_hits == sum(group.count for group in results.groups)


@pytest.mark.parametrize("spelling", ["Shcharansky", "Sharansky", "Щаранский", "שרנסקי"])
def test_a_name_in_any_spelling_or_script_finds_every_moment_of_the_person(
    demo_catalog, spelling: str
) -> None:
    results = run(demo_catalog, spelling)
    assert results.named_entities == [("natan-sharansky", "Natan Sharansky")]
    # English text, the Russian original (Щаранского, by annotation) and the Hebrew track.
    assert {"en", "ru", "he"} <= {f.value for f in results.facets["languages"]}
    assert "sharansky-glienicke-bridge-1986-02-11" in media_of(results)
    assert [f.value for f in results.facets["people"]][0] == "natan-sharansky"


def test_every_spelling_gives_the_same_moments(demo_catalog) -> None:
    found = [
        {(h.media_id, h.segment_id) for h in run(demo_catalog, q).hits}
        for q in ("Shcharansky", "Щаранский")
    ]
    assert found[0] == found[1]


def test_yo_and_ye_are_one_letter(demo_catalog) -> None:
    with_yo, with_ye = run(demo_catalog, "ещё"), run(demo_catalog, "еще")
    assert with_yo.total_hits == with_ye.total_hits > 0
    assert any("<mark>ещё</mark>" in str(h.snippet.html) for h in with_ye.hits)


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("refus*", {"refused", "refusenik"}, set()),
        ('"Helsinki Group"', {"Helsinki Group"}, set()),
        ("visa OR Glienicke", {"visa", "Glienicke"}, set()),
    ],
)
def test_query_syntax_against_the_catalog(demo_catalog, query, expected, absent) -> None:  # type: ignore[no-untyped-def]
    results = run(demo_catalog, query)
    marked = {
        piece.replace("\n", " ")
        for hit in results.hits
        for piece, is_marked in hit.snippet.pieces
        if is_marked
    }
    assert expected <= marked


def test_exclusion_leaves_out_moments_with_the_word(demo_catalog) -> None:
    everything = run(demo_catalog, "Glienicke")
    without = run(demo_catalog, "Glienicke -Berlin")
    assert 0 < without.total_hits < everything.total_hits
    assert not any("berlin" in h.snippet.text.lower() for h in without.hits)


def test_archival_clips_are_found_by_metadata_and_tags(demo_catalog) -> None:
    by_description = run(demo_catalog, "Brezhnev signing", kind="archival")
    assert media_of(by_description) == {"helsinki-final-act-newsreel-1975-08"}
    by_tag = run(demo_catalog, "Yaroslavsky", kind="archival")  # tagged, not in the text
    assert media_of(by_tag) == {"kgb-car-home-movie-1970s"}


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        ({"film": "refusenik"}, lambda r: r.total_hits > 0),
        ({"film": "no-such-film"}, lambda r: r.total_hits == 0),
        ({"media": "interview-refusenik"}, lambda r: media_of(r) == {"interview-refusenik"}),
        ({"kind": "archival"}, lambda r: media_of(r) == {"kgb-car-home-movie-1970s"}),
        ({"kind": "interview"}, lambda r: "kgb-car-home-movie-1970s" not in media_of(r)),
        ({"language": "ru"}, lambda r: languages_of(r) == {"ru"}),
        ({"entities": ("no-such-entity",)}, lambda r: r.total_hits == 0),
    ],
)
def test_every_filter_narrows_the_results(demo_catalog, filters, check) -> None:  # type: ignore[no-untyped-def]
    assert check(run(demo_catalog, "KGB", **filters))


def test_speaker_filter_by_name_as_written(demo_catalog) -> None:
    everyone = run(demo_catalog, "refus*")
    results = run(demo_catalog, "refus*", speaker="lev aronov")
    assert 0 < results.total_hits < everyone.total_hits
    assert {h.speaker for h in results.hits} == {"Lev Aronov"}


def test_entity_filters_must_all_appear(demo_catalog) -> None:
    one = run(demo_catalog, "Moscow", entities=("moscow",))
    both = run(demo_catalog, "Moscow", entities=("moscow", "natan-sharansky"))
    assert 0 < both.total_hits < one.total_hits
    places = {f.value: f.count for f in both.facets["places"]}
    people = {f.value: f.count for f in both.facets["people"]}
    assert places["moscow"] == people["natan-sharansky"] == both.total_hits


def test_period_filter_reads_footage_event_and_spoken_dates(demo_catalog) -> None:
    seventies = run(demo_catalog, "KGB", year_from=1970, year_to=1979)
    assert "kgb-car-home-movie-1970s" in media_of(seventies)  # footage dated "1970s"
    assert (
        run(demo_catalog, "KGB", year_from=1990, year_to=1995).total_hits
        < run(demo_catalog, "KGB").total_hits
    )
    query = "applied OR Slepak OR Moscow"
    spoken = run(demo_catalog, query, year_from=1970, year_to=1970, media="interview-historian")
    assert any("April 1970" in h.snippet.text for h in spoken.hits)  # a date spoken
    assert spoken.total_hits < run(demo_catalog, query, media="interview-historian").total_hits


def test_pagination_walks_through_every_group_once(demo_catalog) -> None:
    first = run(demo_catalog, "Sharansky", per_page=2)
    assert first.pages == -(-first.total_groups // 2) >= 2
    seen = []
    for number in range(1, first.pages + 1):
        seen += [
            g.media.slug for g in run(demo_catalog, "Sharansky", per_page=2, page=number).groups
        ]
    assert len(seen) == len(set(seen)) == first.total_groups
    assert run(demo_catalog, "Sharansky", per_page=2, page=999).groups == []


def test_within_one_media_item_pages_are_moments_in_time_order(demo_catalog) -> None:
    results = run(demo_catalog, "Sharansky", media="interview-historian", per_page=3)
    (group,) = results.groups
    assert group.count == results.total_hits and len(group.hits) <= 3
    assert [h.start_ms for h in group.hits] == sorted(h.start_ms for h in group.hits)


@pytest.mark.parametrize("query", ['"unbalanced', "OR", "-", "x" * 10_000, "visa OR"])
def test_bad_queries_raise_a_query_error_with_a_message(demo_catalog, query: str) -> None:
    with pytest.raises(QueryError) as error:
        run(demo_catalog, query)
    assert str(error.value)


def test_a_backwards_period_is_a_query_error(demo_catalog) -> None:
    with pytest.raises(QueryError, match="backwards"):
        run(demo_catalog, "KGB", year_from=1990, year_to=1970)


def test_restricted_passages_and_clips_are_absent_from_results_and_counts(demo_catalog) -> None:
    public = run(demo_catalog, "psychiatric")
    assert public.total_hits == 0 and public.groups == []
    assert all(facet == [] for facet in public.facets.values())
    assert run(demo_catalog, "psychiatric", user=EDITOR).total_hits == 1

    public, editor = run(demo_catalog, "seminar"), run(demo_catalog, "seminar", user=EDITOR)
    clip = "refusenik-seminar-moscow-flat-circa-1978"
    assert clip not in media_of(public) and clip in media_of(editor)
    lerner = {f.value: f.count for f in public.facets["people"]}["alexander-lerner"]
    assert {f.value: f.count for f in editor.facets["people"]}["alexander-lerner"] == lerner + 1
    assert sum(f.count for f in public.facets["films"]) == public.total_hits


def test_the_index_follows_edits_deletions_and_tags(demo_catalog) -> None:
    with demo_catalog() as session, session.begin():
        segment = session.scalar(select(Segment).where(Segment.text.contains("Glienicke")))
        segment.text = "A quokka on the Glienicke Bridge."
    assert run(demo_catalog, "quokka").total_hits == 1

    with demo_catalog() as session, session.begin():
        session.execute(delete(Segment).where(Segment.text.contains("quokka")))
    assert run(demo_catalog, "quokka").total_hits == 0

    with demo_catalog() as session, session.begin():
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "kgb-car-home-movie-1970s"))
        session.add(Annotation(media_item_id=item.id, start_ms=0, end_ms=1000, tag="wombat"))
    assert media_of(run(demo_catalog, "wombat")) == {"kgb-car-home-movie-1970s"}

    with demo_catalog() as session, session.begin():
        session.execute(
            update(MediaItem)
            .where(MediaItem.slug == "kgb-car-home-movie-1970s")
            .values(title="Numbat reel")
        )
    assert media_of(run(demo_catalog, "numbat")) == {"kgb-car-home-movie-1970s"}

    with demo_catalog() as session, session.begin():
        session.execute(delete(MediaItem).where(MediaItem.slug == "kgb-car-home-movie-1970s"))
    assert run(demo_catalog, "wombat").total_hits == 0
    assert run(demo_catalog, "numbat").total_hits == 0


def test_a_reimported_transcript_replaces_its_words_in_the_index(
    sessions, transcript_file, media_root: Path
) -> None:
    path = transcript_file(
        "t.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nThe aardvark spoke.\n"
    )
    import_paths(sessions, [path], media_root)
    assert run(sessions, "aardvark").total_hits == 1
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nThe pangolin spoke.\n")
    import_paths(sessions, [path], media_root)
    assert run(sessions, "aardvark").total_hits == 0
    assert run(sessions, "pangolin").total_hits == 1


def test_a_renamed_entity_changes_what_its_tagged_clips_are_found_by(demo_catalog) -> None:
    with demo_catalog() as session, session.begin():
        session.execute(
            update(Entity).where(Entity.slug == "zev-yaroslavsky").values(name="Zed Capybara")
        )
    assert "kgb-car-home-movie-1970s" in media_of(run(demo_catalog, "Capybara"))


def test_reindex_rebuilds_the_same_index(demo_catalog) -> None:
    before = {(h.media_id, h.segment_id) for h in run(demo_catalog, "Sharansky").hits}
    with demo_catalog() as session, session.begin():
        search.reindex(session)
    assert {(h.media_id, h.segment_id) for h in run(demo_catalog, "Sharansky").hits} == before


def test_demo_paths_are_the_fixture(demo_catalog) -> None:
    assert demo.demo_paths()  # the demo catalog above is the one the app ships
