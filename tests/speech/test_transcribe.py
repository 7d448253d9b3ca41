"""`media-catalog transcribe`: flite speech recognised by PocketSphinx into a machine transcript
with word times and confidence, linked, and refused cleanly on bad input with nothing stored."""

from __future__ import annotations

import subprocess

import pytest
from speechkit import item_maker, needs_flite, sentence, synthesise
from sqlalchemy import func, select

from media_catalog.models import Annotation, Job, Segment, Transcript
from media_catalog.words import decode

pytestmark = needs_flite


@pytest.fixture
def speech_item(sessions, media_root):  # type: ignore[no-untyped-def]
    return item_maker(sessions, media_root)


SPOKEN = "the refugees arrived in the city during a cold winter".split()


def _transcripts(sessions) -> int:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return session.scalar(select(func.count(Transcript.id))) or 0


def test_transcribe_stores_a_machine_transcript_with_word_times(
    runner, sessions, speech_item
) -> None:
    truth = synthesise(SPOKEN, speech_item("flite-clip", "clip.wav"))
    result = runner.invoke(args=["transcribe", "flite-clip", "--wait"])
    assert result.exit_code == 0, result.output
    assert "machine cue(s)" in result.output
    with sessions() as session:
        track = session.scalars(select(Transcript)).one()
        assert (track.kind, track.language, track.engine) == ("machine", "en", "pocketsphinx")
        segments = list(session.scalars(select(Segment).order_by(Segment.position)))
        words = [
            (w.text_in(s.text), w.start_ms, w.end_ms, w.confidence)
            for s in segments
            for w in decode(s.word_timings)
        ]
    heard = [w for w, *_ in words]
    errors = sum(a != b for a, b in zip(heard, SPOKEN, strict=False)) + abs(
        len(heard) - len(SPOKEN)
    )
    assert errors <= 2, heard  # word error rate at most 20 % on clean synthesised speech
    assert all(c is not None and 0.0 <= c <= 1.0 for *_, c in words)
    starts = {w: s for w, s, _, _ in words}
    assert abs(starts["refugees"] - truth[1][1]) < 80
    assert segments[0].start_ms == words[0][1]


def test_machine_transcript_is_linked_for_review(runner, demo_catalog, speech_item) -> None:
    sentence("they flew from moscow to vienna in the spring", speech_item("flite-moscow", "m.wav"))
    assert runner.invoke(args=["transcribe", "flite-moscow", "--wait"]).exit_code == 0
    with demo_catalog() as session:
        suggested = session.scalars(
            select(Annotation)
            .join(Segment, Annotation.segment_id == Segment.id)
            .join(Transcript)
            .where(Transcript.kind == "machine")
        ).all()
    assert suggested and {a.status for a in suggested} == {"suggested"}
    assert {a.origin for a in suggested} == {"auto"}


def test_transcribing_twice_keeps_the_first_and_says_why(runner, sessions, speech_item) -> None:
    sentence("a cold winter", speech_item("twice", "t.wav"))
    assert runner.invoke(args=["transcribe", "twice", "--wait"]).exit_code == 0
    again = runner.invoke(args=["transcribe", "twice", "--wait"])
    assert again.exit_code == 1
    assert "already has a machine transcript in 'en'" in again.output
    assert _transcripts(sessions) == 1


def test_all_untranscribed_queues_each_item_without_a_track(runner, sessions, speech_item) -> None:
    sentence("the city", speech_item("one", "1.wav"))
    sentence("the winter", speech_item("two", "2.wav"))
    result = runner.invoke(args=["transcribe", "--all-untranscribed"])  # immediate mode runs them
    assert result.exit_code == 0, result.output
    assert _transcripts(sessions) == 2
    assert "nothing to do" in runner.invoke(args=["transcribe", "--all-untranscribed"]).output


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b""), "the file is empty (0 bytes)"),
        (
            lambda p: p.write_bytes(b"RIFF\x00\x00not really a wave file" * 20),
            "cannot read its audio",
        ),
        (
            lambda p: _ffmpeg("-f", "lavfi", "-i", "testsrc=d=1:s=64x48", str(p)),
            "no audio stream",
        ),
        (
            lambda p: _ffmpeg("-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "2", str(p)),
            "the audio is silent",
        ),
    ],
    ids=["zero-bytes", "corrupt", "no-audio-stream", "silence"],
)
def test_bad_media_fails_the_job_with_the_reason_and_stores_nothing(
    runner, sessions, speech_item, make, message
) -> None:
    path = speech_item("bad", "bad.mkv")
    make(path)
    result = runner.invoke(args=["transcribe", "bad", "--wait"])
    assert result.exit_code == 1
    assert message in result.output and "bad.mkv" in result.output
    assert "Traceback" not in result.output
    with sessions() as session:
        job = session.scalars(select(Job)).one()
        assert job.state == "failed" and message in (job.error or "")
    assert _transcripts(sessions) == 0


def test_a_language_the_engine_lacks_is_refused_naming_the_setting(
    runner, sessions, speech_item
) -> None:
    sentence("a cold winter", speech_item("russian", "r.wav"))
    result = runner.invoke(args=["transcribe", "russian", "--language", "ru"])
    assert result.exit_code == 1
    assert "recognises only en" in result.output and "ASR_MODEL_DIR" in result.output
    assert _transcripts(sessions) == 0


def test_an_unknown_item_or_missing_choice_is_one_clean_line(runner) -> None:
    assert "no such media item" in runner.invoke(args=["transcribe", "nope"]).output
    assert "give one ITEM or --all-untranscribed" in runner.invoke(args=["transcribe"]).output


def _csrf(client) -> str:  # type: ignore[no-untyped-def]
    with client.session_transaction() as state:
        return str(state.get("csrf_token", ""))


def test_an_editor_transcribes_from_the_media_page(client, login_as, sessions, speech_item) -> None:
    sentence("the city in winter", speech_item("from-page", "p.wav"))
    login_as("editor")
    page = client.get("/media/from-page").get_data(as_text=True)
    assert 'action="/media/from-page/transcribe"' in page
    refused = client.post("/media/from-page/transcribe", data={"language": "en"})
    assert refused.status_code == 400  # no CSRF token: nothing queued
    assert _transcripts(sessions) == 0
    client.get("/media/from-page")
    answer = client.post(
        "/media/from-page/transcribe", data={"language": "en", "csrf_token": _csrf(client)}
    )
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/jobs/")
    with sessions() as session:
        job = session.scalars(select(Job)).one()
        assert (job.kind, job.state, job.done, job.total) == ("transcribe", "done", 3, 3)
    assert _transcripts(sessions) == 1


def test_a_viewer_cannot_start_speech_work(client, login_as, speech_item) -> None:
    speech_item("closed", "c.wav")
    login_as("viewer")
    client.get("/media/closed")
    answer = client.post("/media/closed/transcribe", data={"csrf_token": _csrf(client)})
    assert answer.status_code == 403


def test_a_job_cancelled_while_recognising_stops_and_stores_nothing(
    app, sessions, speech_item, monkeypatch
) -> None:
    from media_catalog import jobs
    from media_catalog.jobs import runner
    from media_catalog.models import User
    from media_catalog.speech import machine
    from media_catalog.speech.sphinx import SphinxEngine

    sentence("the city in winter", speech_item("cancelled", "c.wav"))
    with sessions() as session:
        user = User(email="ed@example.org", name="Ed", role="editor", password_hash="x")
        session.add(user)
        job = machine.queue_transcription(session, user, "cancelled", "en", app.config)
        session.commit()
        job_id = job.id
    recognise = SphinxEngine.recognise

    def cancel_meanwhile(self, pcm, language):  # type: ignore[no-untyped-def]
        with sessions() as session, session.begin():
            job = session.get(Job, job_id)
            jobs.cancel(job, job.user)
        return recognise(self, pcm, language)

    monkeypatch.setattr(SphinxEngine, "recognise", cancel_meanwhile)
    runner.run_job(sessions, app.config, job_id)
    with sessions() as session:
        job = session.get(Job, job_id)
        assert job.state == "cancelled" and "cancelled by ed@example.org" in job.log
    assert _transcripts(sessions) == 0
