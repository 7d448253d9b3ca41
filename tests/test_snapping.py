"""In and out points snap to measured word boundaries (snapping.py) where an item has them: the
share-a-range form, reel entries and chapters of a media item, each saying so; without word
times, or beyond SNAP_WINDOW_MS, points stay where they were put."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy import select

from media_catalog import snapping, words
from media_catalog.db import transaction
from media_catalog.models import Chapter, MediaItem, ReelEntry, Segment, Transcript

SLUG = "interview-historian"


def _time_words(sessions) -> tuple[int, list[words.Word]]:  # type: ignore[no-untyped-def]
    """Words every 500 ms (each 400 ms long) over the English track's segment holding 20 s."""
    with transaction(sessions) as session:
        item_id = session.scalar(select(MediaItem.id).where(MediaItem.slug == SLUG))
        segment = session.scalar(
            select(Segment)
            .join(Transcript)
            .where(
                Transcript.media_item_id == item_id,
                Transcript.language == "en",
                Segment.start_ms <= 20_000,
                Segment.end_ms > 20_000,
            )
        )
        timed = [
            words.Word(segment.start_ms + 500 * n, segment.start_ms + 500 * n + 400, a, b)
            for n, (a, b) in enumerate(words.tokens(segment.text))
        ]
        words.set_words(segment, timed)
        return item_id, timed


def _messages(client, url: str) -> str:  # type: ignore[no-untyped-def]
    page = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    return " ".join(m.get_text(" ", strip=True) for m in page.select(".notice"))


def test_points_snap_to_the_nearest_word_edge_and_only_near_words(demo_catalog) -> None:
    item_id, timed = _time_words(demo_catalog)
    inside = timed[3].start_ms + 120  # in the middle of the fourth word
    with demo_catalog() as session:
        start, end, moved = snapping.snap_range(session, item_id, inside, timed[5].end_ms - 90)
        assert (start, end, moved) == (timed[3].start_ms, timed[5].end_ms, True)
        far = timed[-1].end_ms + snapping.SNAP_WINDOW_MS + 5_000
        assert snapping.snap_range(session, item_id, far, far + 1000) == (far, far + 1000, False)
        assert snapping.snap_range(session, item_id, inside, None)[:2] == (timed[3].start_ms, None)


def test_a_shared_range_is_snapped_and_says_so(client, demo_catalog) -> None:
    _item, timed = _time_words(demo_catalog)
    start, end = (timed[2].start_ms + 100) / 1000, (timed[4].end_ms - 100) / 1000
    response = client.get(f"/media/{SLUG}?from={start}&to={end}")
    span = f"{timed[2].start_ms / 1000:g},{timed[4].end_ms / 1000:g}"
    assert response.headers["Location"] == f"/media/{SLUG}?t={span}&shared=1#t={span}"
    assert "snapped to word boundaries" in _messages(client, response.headers["Location"])


def test_reel_entries_and_chapters_are_snapped(client, demo_catalog, login_as, csrf) -> None:
    _item, timed = _time_words(demo_catalog)
    login_as("editor")
    near_in, near_out = (timed[1].start_ms + 150) / 1000, (timed[6].end_ms + 80) / 1000
    client.post(
        "/reels/add",
        data={"csrf_token": csrf(), "media": SLUG, "in": near_in, "out": near_out, "new_name": "R"},
    )
    client.post(
        f"/chapters/media/{SLUG}",
        data={"csrf_token": csrf(), "title": "Words", "start": near_in, "end": near_out},
    )
    with demo_catalog() as session:
        entry = session.scalar(select(ReelEntry))
        chapter = session.scalar(select(Chapter).where(Chapter.title == "Words"))
    assert (entry.in_ms, entry.out_ms) == (timed[1].start_ms, timed[6].end_ms)
    assert (chapter.start_ms, chapter.end_ms) == (timed[1].start_ms, timed[6].end_ms)


def test_a_search_hit_opens_on_the_matched_word(client, demo_catalog) -> None:
    _item, timed = _time_words(demo_catalog)
    with demo_catalog() as session:
        segment = session.scalar(select(Segment).where(Segment.word_timings.is_not(None)))
        text = segment.text
    fourth = timed[3]
    word = text[fourth.char_start : fourth.char_end]
    body = client.get(f"/api/v1/search?q={word}&media={SLUG}").get_json()
    hits = [h for g in body["groups"] for h in g["hits"] if h["word_start"] is not None]
    # The first of this word's occurrences in the segment is where the hit opens.
    first = next(w for w in timed if text[w.char_start : w.char_end].lower() == word.lower())
    assert hits and hits[0]["word_start"] == first.start_ms / 1000
    assert hits[0]["url"].endswith(f"?t={first.start_ms / 1000:g}")
    page = client.get(f"/search?q={word}&media={SLUG}").get_data(as_text=True)
    assert f"t={first.start_ms / 1000:g}&amp;q=" in page


def test_points_no_recording_reaches_stay_as_they_are(demo_catalog) -> None:
    item_id, _timed = _time_words(demo_catalog)
    huge = 10**30  # a hostile ?from= the player must answer without a 500
    with demo_catalog() as session:
        assert snapping.snap_range(session, item_id, huge, None) == (huge, None, False)


def test_the_reel_messages_speak_russian_and_hebrew(client, demo_catalog, login_as, csrf) -> None:
    _item, timed = _time_words(demo_catalog)
    login_as("editor")
    near_in, near_out = (timed[1].start_ms + 150) / 1000, (timed[6].end_ms + 80) / 1000
    response = client.post(
        "/reels/add",
        data={"csrf_token": csrf(), "media": SLUG, "in": near_in, "out": near_out, "new_name": "R"},
        headers={"Accept-Language": "ru"},
    )
    page = client.get(response.headers["Location"], headers={"Accept-Language": "ru"})
    notices = BeautifulSoup(page.get_data(as_text=True), "html.parser").select(".notice")
    said = " ".join(m.get_text(" ", strip=True) for m in notices)
    assert "Добавлено в «R»." in said and "выровнены по границам слов" in said
    renamed = client.post(
        "/reels/r/rename",
        data={"csrf_token": csrf(), "name": "S"},
        headers={"Accept-Language": "he"},
        follow_redirects=True,
    )
    assert "השם שונה." in renamed.get_data(as_text=True)
