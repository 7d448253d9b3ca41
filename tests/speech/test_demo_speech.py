"""The demo's speaking clip: its sound is flite narration, the demo build transcribes it with the
embedded engine, and the machine transcript is searchable, marked and linked."""

from __future__ import annotations

import tempfile
from pathlib import Path

from speechkit import needs_flite
from sqlalchemy import select

from media_catalog import demo
from media_catalog.demo import narration
from media_catalog.formats import media
from media_catalog.ingest.batch import import_paths
from media_catalog.models import Annotation, Entity, Transcript
from media_catalog.search import search

pytestmark = needs_flite


def _generate_speaking_clips(media_root: Path) -> None:
    for plan in demo.planned_media():
        if isinstance(speech := plan.pop("speech", None), str):  # the clips, not the interview
            with tempfile.TemporaryDirectory() as folder:
                voice = Path(folder) / "v.wav"
                narration.narrate(speech, voice)
                media.make_test_pattern(media_root / plan.pop("file"), **plan, speech=voice)


def test_the_demo_clip_is_transcribed_searchable_and_linked(app, sessions, media_root) -> None:
    assert narration.narrated_slugs() == ["speech-demo-moscow-departure"]
    _generate_speaking_clips(media_root)
    assert not import_paths(
        sessions, demo.demo_paths(), media_root, consent_dir=media_root.parent / "consent"
    ).failed
    lines = narration.transcribe_narrated(sessions, app.config)
    assert len(lines) == 1 and "machine cue(s)" in lines[0], lines
    assert narration.transcribe_narrated(sessions, app.config) == []  # built once
    with sessions() as session:
        track = session.scalars(select(Transcript).where(Transcript.kind == "machine")).one()
        assert track.media_item.slug == "speech-demo-moscow-departure"
        linked = session.scalars(
            select(Entity.slug)
            .join(Annotation, Annotation.entity_id == Entity.id)
            .where(Annotation.segment_id.in_([s.id for s in track.segments]))
        ).all()
        assert "moscow" in linked
        results = search(session, None, "vienna")
    hits = [(g.media.slug, h.machine) for g in results.groups for h in g.hits]
    assert ("speech-demo-moscow-departure", True) in hits


def test_the_demo_interview_speaks_its_cues_and_they_align(tmp_path: Path) -> None:
    """The first cues of the speaking demo interview, narrated at their times, are placed by the
    aligner (the whole interview is timed by the demo's worker)."""
    from media_catalog.speech import audio_of
    from media_catalog.speech.aligning import align_cue
    from media_catalog.speech.sphinx import SphinxEngine

    assert narration.aligned_media() == ["interview-student"]
    plan = next(p for p in demo.planned_media() if p["file"] == "interview-student.m4a")
    cues = plan["speech"][:3]
    narration.narrate_cues(cues, tmp_path / "first.wav")
    pcm, engine = audio_of(tmp_path / "first.wav"), SphinxEngine()
    placed = words = 0
    for start_ms, end_ms, text in cues:
        timed, count = align_cue(engine, pcm, text, start_ms, end_ms, "en")
        assert timed is not None and timed[0].start_ms >= start_ms - 300
        placed, words = placed + count, words + len(timed)
    assert placed / words > 0.8


def test_the_demo_build_queues_the_interviews_word_timing(app, sessions, media_root) -> None:
    assert not import_paths(
        sessions, demo.demo_paths(), media_root, consent_dir=media_root.parent / "consent"
    ).failed
    with sessions() as session:
        queued = narration.queue_alignments(session, app.config)
        assert [(j.kind, j.subject) for j in queued] == [("align", "item:interview-student")]
