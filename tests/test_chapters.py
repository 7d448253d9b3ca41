"""Chapters of films and media items: validation naming the field, WebVTT chapters import that
names file and line and changes nothing when it fails, export back to WebVTT, versions, access."""

import pytest
from sqlalchemy import func, select

from media_catalog import audit, chapters
from media_catalog.db import transaction
from media_catalog.errors import IngestError, NotFound
from media_catalog.models import AuditEvent, Chapter, Film, MediaItem

CHAPTERS_VTT = """\
WEBVTT

1
00:00:00.000 --> 00:00:20.000
Growing up in Moscow

2
00:00:20.000 --> 00:00:45.500
Отказ: the first refusal

3
00:00:45.500 --> 00:01:10.000
העלייה
"""


def item(session, slug="interview-historian"):  # type: ignore[no-untyped-def]
    return session.scalar(select(MediaItem).where(MediaItem.slug == slug))


def test_chapters_of_a_film_and_of_a_media_item_in_time_order(demo_catalog) -> None:
    with transaction(demo_catalog) as session:
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        chapters.add_chapter(session, None, film, title="Prisoners of Zion", start_ms=600_000)
        chapters.add_chapter(session, None, film, title="  Opening  ", start_ms=0)
        chapters.add_chapter(session, None, item(session), title="Interview", start_ms=5_000)
    with demo_catalog() as session:
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        listed = chapters.chapters_of(session, film)
        assert [c.title for c in listed] == ["Opening", "Prisoners of Zion"]
        ends = chapters.with_ends(listed, 7_000_000)
        assert [end for _c, end in ends] == [600_000, 7_000_000]
        assert [c.title for c in chapters.chapters_of(session, item(session))] == ["Interview"]


@pytest.mark.parametrize(
    ("title", "start", "end", "field"),
    [
        ("", 0, None, "title"),
        ("x" * 501, 0, None, "title"),
        ("Late", -1, None, "start"),
        ("Backwards", 10_000, 9_000, "end"),
        ("Beyond", 10_000_000_000, None, "start"),
    ],
)
def test_a_bad_chapter_names_its_field(demo_catalog, title, start, end, field) -> None:
    with demo_catalog() as session:
        media = item(session)
        media.duration_ms = 600_000
        with pytest.raises(chapters.ChapterError) as caught:
            chapters.add_chapter(session, None, media, title=title, start_ms=start, end_ms=end)
        assert caught.value.field == field


def test_webvtt_chapters_import_and_export_round_trip(demo_catalog, write) -> None:
    path = write("chapters.vtt", CHAPTERS_VTT)
    with transaction(demo_catalog) as session:
        media = item(session)
        chapters.add_chapter(session, None, media, title="Editor's own", start_ms=1_000)
        chapters.import_webvtt_chapters(session, None, media, path, language="en")
    with transaction(demo_catalog) as session:  # importing again replaces, never duplicates
        chapters.import_webvtt_chapters(session, None, item(session), path, language="en")
    with demo_catalog() as session:
        listed = chapters.chapters_of(session, item(session))
        assert [c.title for c in listed] == [
            "Growing up in Moscow",
            "Editor's own",
            "Отказ: the first refusal",
            "העלייה",
        ]
        imported = [c for c in listed if c.origin == "webvtt"]
        text = chapters.to_webvtt(imported, None)
    again = write("again.vtt", text)
    assert chapters.read_webvtt_chapters(again) == [
        (0, 20_000, "Growing up in Moscow"),
        (20_000, 45_500, "Отказ: the first refusal"),
        (45_500, 70_000, "העלייה"),
    ]


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("00:00:00.000 --> 00:00:05.000\nNo header\n", 1, "WEBVTT"),
        ("WEBVTT\n\n00:00:09.000 --> 00:00:05.000\nBackwards\n", 3, ""),
        ("WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n<b></b>\n", None, "no cues"),
        ("WEBVTT\n\n00:00:00.000 --> 02:00:00.000\nToo long\n", None, "past the end"),
    ],
)
def test_a_bad_chapters_file_is_refused_whole(demo_catalog, write, content, line, reason) -> None:
    path = write("bad.vtt", content)
    with transaction(demo_catalog) as session:
        media = item(session)
        media.duration_ms = 600_000
        chapters.add_chapter(session, None, media, title="Kept", start_ms=0, origin="webvtt")
    with pytest.raises(IngestError) as caught, transaction(demo_catalog) as session:
        chapters.import_webvtt_chapters(session, None, item(session), path)
    assert caught.value.file.endswith("bad.vtt")
    assert caught.value.line == line
    assert reason in str(caught.value)
    with demo_catalog() as session:
        assert [c.title for c in chapters.chapters_of(session, item(session))] == ["Kept"]


def test_a_stale_chapter_edit_is_refused_and_audited_edits_are_kept(demo_catalog) -> None:
    with transaction(demo_catalog) as session:
        chapter = chapters.add_chapter(session, None, item(session), title="One", start_ms=0)
        chapter_id = chapter.id
    with transaction(demo_catalog) as session:
        chapter = session.get_one(Chapter, chapter_id)
        chapters.update_chapter(session, None, chapter, 1, title="First", start_ms=500)
    with pytest.raises(audit.StaleEdit), transaction(demo_catalog) as session:
        chapter = session.get_one(Chapter, chapter_id)
        chapters.update_chapter(session, None, chapter, 1, title="Other", start_ms=0)
    with transaction(demo_catalog) as session:
        chapter = session.get_one(Chapter, chapter_id)
        assert (chapter.title, chapter.start_ms, chapter.version) == ("First", 500, 2)
        chapters.delete_chapter(session, None, chapter)
    with demo_catalog() as session:
        actions = session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "chapter")
            .order_by(AuditEvent.id)
        ).all()
        assert actions == ["create", "update", "delete"]
        assert session.scalar(select(func.count()).select_from(Chapter)) == 0


def test_chapters_of_a_restricted_item_are_not_found_for_visitors(demo_catalog) -> None:
    slug = "refusenik-gathering-ovrashki-1970s"
    with transaction(demo_catalog) as session:
        chapters.add_chapter(session, None, item(session, slug), title="Secret", start_ms=0)
    with demo_catalog() as session, pytest.raises(NotFound):
        chapters.chapters_of(session, item(session, slug), None)
