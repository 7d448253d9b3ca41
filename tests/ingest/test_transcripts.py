"""Importing transcript tracks: what is stored, what is refused (changing nothing), re-imports."""

from pathlib import Path

import pytest
from sqlalchemy import select

from media_catalog.db import transaction
from media_catalog.formats import media
from media_catalog.ingest.batch import import_paths
from media_catalog.models import Annotation, Entity, MediaItem, Segment, Transcript

VTT = """
WEBVTT

00:00:01.250 --> 00:00:04.500
<v Jane Roe>We applied in 1976 and were refused.

00:00:04.500 --> 00:00:09.000
<v Interviewer>What happened to Sharansky then?

00:00:09.000 --> 00:00:15.750
<v Jane Roe>He was arrested on March 15, 1977.
"""


def run_import(sessions, *paths: Path, media_root: Path = Path("/nonexistent")):  # type: ignore[no-untyped-def]
    return import_paths(sessions, list(paths), media_root)


def segments_of(sessions, language: str = "en") -> list[Segment]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return list(
            session.scalars(
                select(Segment)
                .join(Transcript)
                .where(Transcript.language == language)
                .order_by(Segment.position)
            )
        )


def test_import_stores_segments_with_milliseconds_speakers_and_the_media_item(
    sessions, transcript_file
) -> None:
    path = transcript_file("jane.vtt", VTT)
    summary = run_import(sessions, path)
    assert [o.status for o in summary.outcomes] == ["imported"]
    assert summary.segments == 3
    stored = segments_of(sessions)
    assert [(s.start_ms, s.end_ms, s.speaker) for s in stored] == [
        (1250, 4500, "Jane Roe"),
        (4500, 9000, "Interviewer"),
        (9000, 15750, "Jane Roe"),
    ]
    assert stored[2].text == "He was arrested on March 15, 1977."
    with sessions() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "test-interview"))
        assert item is not None
        assert (item.title, item.kind, item.interviewee) == (
            "Test interview",
            "interview",
            "Jane Roe (fictional)",
        )
        assert (item.date_start, item.date_end) == ("2006-04-01", "2006-04-30")
        assert [f.slug for f in item.films] == ["test-film"]


def test_unchanged_file_is_skipped_and_changed_sidecar_counts_as_change(
    sessions, transcript_file
) -> None:
    path = transcript_file("jane.vtt", VTT)
    run_import(sessions, path)
    assert run_import(sessions, path).outcomes[0].status == "unchanged"
    sidecar = path.with_suffix(".yaml")
    sidecar.write_text(sidecar.read_text().replace("Test interview", "Renamed"))
    assert run_import(sessions, path).outcomes[0].status == "replaced"


def test_translation_attaches_to_the_item_its_original_described(sessions, transcript_file) -> None:
    original = transcript_file(
        "a.ru.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nЩаранский\n", language="ru"
    )
    translation = transcript_file(
        "a.en.vtt",
        "WEBVTT\n\n00:01.000 --> 00:02.000\nSharansky\n",
        kind="translation",
        title="",
        extra="translation_of: ru\n",
    )
    translation.with_suffix(".yaml").write_text(
        translation.with_suffix(".yaml").read_text().replace('title: ""\n', "")
    )
    summary = run_import(sessions, translation, original)
    assert not summary.failed, summary.failed
    with sessions() as session:
        tracks = session.scalars(select(Transcript).order_by(Transcript.language)).all()
        assert [(t.language, t.kind, t.translation_of) for t in tracks] == [
            ("en", "translation", "ru"),
            ("ru", "original", None),
        ]


def test_legacy_encoding_is_detected_and_reported(sessions, transcript_file) -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:04,000\nЛЕВ: Мы подали документы в ОВИР весной.\n\n"
        "2\n00:00:04,000 --> 00:00:08,000\nПотом арестовали Щаранского, и все поняли.\n"
    )
    path = transcript_file("lev.srt", text, language="ru", encoding="cp1251")
    summary = run_import(sessions, path)
    outcome = summary.outcomes[0]
    assert outcome.status == "imported" and outcome.encoding == "cp1251"
    assert segments_of(sessions, "ru")[1].text == "Потом арестовали Щаранского, и все поняли."
    assert segments_of(sessions, "ru")[0].speaker == "ЛЕВ"


def test_restricted_passages_mark_their_segments(sessions, transcript_file) -> None:
    extra = (
        'restricted_passages:\n  - start: "00:00:04.000"\n    end: "00:00:08.000"\n'
        '    note: "Sensitive personal material"\n'
    )
    run_import(sessions, transcript_file("jane.vtt", VTT, extra=extra))
    assert [(s.restricted, s.restriction_note) for s in segments_of(sessions)] == [
        (True, "Sensitive personal material"),
        (True, "Sensitive personal material"),
        (False, None),
    ]


def test_out_of_order_cues_import_with_warnings(sessions, transcript_file) -> None:
    text = "WEBVTT\n\n00:05.000 --> 00:06.000\nb\n\n00:01.000 --> 00:02.000\na\n"
    outcome = run_import(sessions, transcript_file("o.vtt", text)).outcomes[0]
    assert outcome.status == "imported"
    assert any("out of order" in w for w in outcome.warnings)


BAD_CASES = {
    "end before start": (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:01:05.000 --> 00:01:02.000\nbad\n",
        "",
        "bad.vtt:6: cue end 00:01:02.000 is before its start 00:01:05.000",
    ),
    "no WEBVTT header": ("00:01.000 --> 00:02.000\nx\n", "", "bad.vtt:1: not a WebVTT file"),
    "no cues": ("WEBVTT\n\nNOTE nothing\n", "", "bad.vtt: no cues found"),
    "broken BOM": (b"\xff\xfe\x00\xd8", "", "bad.vtt: starts with a utf-16-le byte-order mark"),
    "bad language": (VTT, "LANGUAGE", "bad.yaml:3: field 'language': 'english!' is not a BCP 47"),
    "bad kind": (VTT, "KIND", "bad.yaml:4: field 'kind': 'dub' is not one of original"),
    "unknown film": (
        VTT,
        "FILM",
        "bad.yaml: field 'film': film 'no-such-film' is not in the catalog",
    ),
    "bad restricted passage": (
        VTT,
        'restricted_passages:\n  - start: "soon"\n    end: "00:00:08.000"\n',
        "bad.yaml:9: field 'start': 'soon' is not a time",
    ),
    "invalid YAML": (VTT, "interviewer: [unclosed\n", "bad.yaml:9: invalid YAML"),
}


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_files_are_refused_naming_file_line_and_reason_and_change_nothing(
    sessions, transcript_file, table_counts, case: str
) -> None:
    good = transcript_file("good.vtt", VTT, media="other-interview")
    run_import(sessions, good)
    before = table_counts()
    content, sidecar_extra, message = BAD_CASES[case]
    extra = sidecar_extra if sidecar_extra not in ("LANGUAGE", "KIND", "FILM") else ""
    if isinstance(content, bytes):
        path = transcript_file("bad.vtt", "")
        path.write_bytes(content)
    else:
        path = transcript_file("bad.vtt", content, extra=extra)
    sidecar = path.with_suffix(".yaml")
    replacements = {
        "LANGUAGE": ("language: en", "language: english!"),
        "KIND": ("kind: original", "kind: dub"),
        "FILM": ("film: test-film", "film: no-such-film"),
    }
    if sidecar_extra in replacements:
        sidecar.write_text(sidecar.read_text().replace(*replacements[sidecar_extra]))
    summary = run_import(sessions, path)
    assert summary.outcomes[0].status == "failed"
    detail = summary.outcomes[0].detail
    assert message in detail.replace(str(path.parent) + "/", ""), detail
    assert table_counts() == before


def test_missing_sidecar_is_refused(sessions, write) -> None:
    path = write("lonely.vtt", VTT)
    detail = run_import(sessions, path).outcomes[0].detail
    assert detail.endswith(
        "lonely.vtt: no sidecar lonely.yaml beside it: it must say which media "
        "item and film the track belongs to, its language and kind"
    )


def test_a_bad_new_version_keeps_the_stored_one(sessions, transcript_file) -> None:
    path = transcript_file("jane.vtt", VTT)
    run_import(sessions, path)
    path.write_text("WEBVTT\n\n00:00:09.000 --> 00:00:08.000\nbroken\n")
    assert run_import(sessions, path).outcomes[0].status == "failed"
    assert len(segments_of(sessions)) == 3


def test_replacing_a_track_keeps_editor_decisions(sessions, transcript_file) -> None:
    path = transcript_file("jane.vtt", VTT)
    run_import(sessions, path)
    with transaction(sessions) as session:
        person = Entity(slug="natan-sharansky", kind="person", name="Natan Sharansky")
        session.add(person)
        second, third = session.scalars(select(Segment).order_by(Segment.position)).all()[1:]
        item_id = second.transcript.media_item_id
        common = {"media_item_id": item_id, "entity": person, "role": "mentioned"}
        session.add_all(
            [
                Annotation(
                    segment_id=second.id,
                    start_ms=second.start_ms,
                    end_ms=second.end_ms,
                    span_start=17,
                    span_end=26,
                    origin="auto",
                    status="confirmed",
                    **common,
                ),  # "Sharansky", confirmed by an editor
                Annotation(
                    segment_id=third.id,
                    start_ms=third.start_ms,
                    end_ms=third.end_ms,
                    span_start=0,
                    span_end=2,
                    origin="editor",
                    status="confirmed",
                    note="check",
                    **common,
                ),  # "He", words that will disappear
                Annotation(
                    segment_id=third.id,
                    start_ms=third.start_ms,
                    end_ms=third.end_ms,
                    span_start=0,
                    span_end=2,
                    origin="auto",
                    status="suggested",
                    **common,
                ),
            ]
        )
    # The new version is re-timed by 300 ms, has a new first cue and reworded the third.
    path.write_text(
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Jane Roe>Hello.\n\n"
        "00:00:01.550 --> 00:00:04.800\n<v Jane Roe>We applied in 1976 and were refused.\n\n"
        "00:00:04.800 --> 00:00:09.300\n<v Interviewer>What happened to Sharansky then?\n\n"
        "00:00:09.300 --> 00:00:16.050\n<v Jane Roe>Arrested, on March 15, 1977.\n"
    )
    outcome = run_import(sessions, path).outcomes[0]
    assert outcome.status == "replaced"
    assert any("flagged for review" in w for w in outcome.warnings)
    with sessions() as session:
        kept = session.scalars(select(Annotation).order_by(Annotation.id)).all()
        assert len(kept) == 2  # the machine's unreviewed suggestion is gone
        moved, lost = kept
        assert moved.segment is not None and moved.segment.position == 2
        assert moved.segment.text[moved.span_start : moved.span_end] == "Sharansky"
        assert (moved.start_ms, moved.needs_review) == (4800, False)
        assert lost.segment_id is None and lost.needs_review and lost.note == "check"
        assert "'He' were not found near 00:00:09.000" in (lost.review_reason or "")


def test_a_translation_does_not_overwrite_the_originals_description(
    sessions, transcript_file
) -> None:
    original = transcript_file(
        "a.ru.vtt",
        "WEBVTT\n\n00:01.000 --> 00:02.000\nЩаранский\n",
        language="ru",
        extra="description: The original.\n",
    )
    translation = transcript_file(
        "a.en.vtt",
        "WEBVTT\n\n00:01.000 --> 00:02.000\nSharansky\n",
        kind="translation",
        extra="description: A translation.\n",
    )
    run_import(sessions, original, translation)
    with sessions() as session:
        assert session.scalar(select(MediaItem.description)) == "The original."


def test_empty_cues_are_stored_in_their_place_and_linking_still_runs(
    sessions, transcript_file
) -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nSharansky\n\n00:00:02.000 --> 00:00:03.000\n\n"
        "00:00:03.000 --> 00:00:04.000\nJerusalem\n"
    )
    summary = run_import(sessions, transcript_file("gaps.vtt", text))
    outcome = summary.outcomes[0]
    assert outcome.status == "imported" and outcome.segments == 3
    assert any("1 cue(s) with no text kept" in w for w in outcome.warnings)
    assert [(s.position, s.start_ms, s.text) for s in segments_of(sessions)] == [
        (0, 1000, "Sharansky"),
        (1, 2000, ""),
        (2, 3000, "Jerusalem"),
    ]
    assert summary.linked is not None


def test_a_sidecar_may_not_name_a_media_file_outside_media_root(
    sessions, transcript_file, media_root, table_counts
) -> None:
    """A sidecar saying `file: ../../outside/secret.mp4` would have its poster served publicly."""
    outside = media_root.parent / "outside"
    outside.mkdir()
    (outside / "secret.mp4").write_bytes(b"secret")
    before = table_counts()
    for name in ("../outside/secret.mp4", str(outside / "secret.mp4")):
        path = transcript_file("a.vtt", VTT, extra=f"file: {name}\n")
        outcome = run_import(sessions, path, media_root=media_root).outcomes[0]
        assert outcome.status == "failed" and "must be inside MEDIA_ROOT" in outcome.detail
        assert table_counts() == before


@pytest.mark.skipif(not media.ffmpeg_available(), reason="ffmpeg not installed")
def test_media_that_arrives_after_the_track_is_attached_by_the_next_import(
    sessions, transcript_file, media_root
) -> None:
    path = transcript_file("a.vtt", VTT, extra="file: late.mp4\n")
    first = run_import(sessions, path, media_root=media_root).outcomes[0]
    assert first.warnings == ["media file late.mp4 not found under MEDIA_ROOT"]
    media.make_test_pattern(media_root / "late.mp4", title="Late", duration_s=2, still=True)
    again = run_import(sessions, path, media_root=media_root).outcomes[0]
    assert again.status == "replaced"
    with sessions() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "test-interview"))
        assert (item.media_status, item.media_path) == ("ok", "late.mp4")
        assert item.duration_ms and item.poster_path
    assert run_import(sessions, path, media_root=media_root).outcomes[0].status == "unchanged"
