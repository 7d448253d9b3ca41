"""`media-catalog align`: the two-pass PocketSphinx aligner times each word of a human transcript
of flite speech whose true word boundaries are known; a transcript that does not match its audio
is reported with its low coverage and nothing is stored."""

from __future__ import annotations

from statistics import median

import pytest
from speechkit import item_maker, needs_flite, synthesise
from sqlalchemy import select

from media_catalog.models import MediaItem, Segment, Transcript
from media_catalog.words import decode, tokens

pytestmark = needs_flite


@pytest.fixture
def speech_item(sessions, media_root):  # type: ignore[no-untyped-def]
    return item_maker(sessions, media_root)


FIRST = "The refugees arrived in the city".split()
SECOND = "during a cold winter, with Natan's letters".split()


def _track(sessions, slug: str, cues: list[tuple[str, int, int]]) -> None:  # type: ignore[no-untyped-def]
    with sessions() as session, session.begin():
        item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
        track = Transcript(
            media_item=item,
            language="en",
            kind="original",
            source_path="x.vtt",
            checksum="0",
            encoding="utf-8",
        )
        for position, (text, start, end) in enumerate(cues):
            track.segments.append(
                Segment(position=position, start_ms=start, end_ms=end, text=text, speaker="Ida")
            )
        session.add(track)


def _stored(sessions) -> list[Segment]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return list(session.scalars(select(Segment).order_by(Segment.position)))


def test_aligned_word_boundaries_are_within_80_ms_median(runner, sessions, speech_item) -> None:
    truth = synthesise([w.strip(",") for w in FIRST + SECOND], speech_item("talk", "talk.wav"))
    split = len(FIRST)
    # Cue times as a person types them: whole seconds around the speech.
    cues = [
        (" ".join(FIRST), truth[0][1] // 1000 * 1000, truth[split - 1][2]),
        (" ".join(SECOND), truth[split][1] - 200, truth[-1][2] + 400),
    ]
    _track(sessions, "talk", cues)
    result = runner.invoke(args=["align", "talk", "--wait"])
    assert result.exit_code == 0, result.output
    assert "words placed" in result.output
    words = [w for s in _stored(sessions) for w in decode(s.word_timings)]
    assert len(words) == len(truth)
    errors = [
        abs(edge - true)
        for w, (_, start, end) in zip(words, truth, strict=True)
        for edge, true in ((w.start_ms, start), (w.end_ms, end))
    ]
    assert median(errors) < 80, errors
    # "Natan's" is not in PocketSphinx's dictionary: it keeps a time between its neighbours.
    natan = words[-2]
    assert words[-3].end_ms <= natan.start_ms < natan.end_ms <= words[-1].start_ms


def test_words_carry_their_cue_speaker(runner, sessions, speech_item) -> None:
    truth = synthesise(FIRST, speech_item("spoken", "s.wav"))
    _track(sessions, "spoken", [(" ".join(FIRST), truth[0][1], truth[-1][2])])
    assert runner.invoke(args=["align", "spoken", "--wait"]).exit_code == 0
    (segment,) = _stored(sessions)
    assert segment.speaker == "Ida"  # words live on their segment: its speaker is theirs
    assert [w.text_in(segment.text) for w in decode(segment.word_timings)] == FIRST


def test_a_transcript_that_does_not_match_reports_low_coverage(
    runner, sessions, speech_item
) -> None:
    truth = synthesise(FIRST, speech_item("wrong", "w.wav"))
    other = "seven purple elephants play chess quietly tonight"
    _track(sessions, "wrong", [(other, truth[0][1], truth[-1][2])])
    result = runner.invoke(args=["align", "wrong", "--wait"])
    assert result.exit_code == 1
    assert "does not match its audio" in result.output
    assert f"0 of {len(tokens(other))} words placed" in result.output
    assert [s.word_timings for s in _stored(sessions)] == [None]


def test_an_item_without_a_human_transcript_is_refused(runner, sessions, speech_item) -> None:
    synthesise(FIRST, speech_item("bare", "b.wav"))
    result = runner.invoke(args=["align", "bare"])
    assert result.exit_code == 1 and "no human transcript to align" in result.output
