"""The bundled demo catalog is complete, imports cleanly, and says what is demo material."""

from sqlalchemy import func, select

from media_catalog import demo
from media_catalog.ingest.batch import import_paths
from media_catalog.models import Entity, MediaItem, Segment, Transcript


def test_demo_imports_without_warnings_and_twice_is_unchanged(sessions, media_root) -> None:
    first = import_paths(
        sessions, demo.demo_paths(), media_root, consent_dir=media_root.parent / "consent"
    )
    assert not first.failed
    assert [
        w for o in first.outcomes for w in o.warnings if "not found under MEDIA_ROOT" not in w
    ] == []
    second = import_paths(
        sessions, demo.demo_paths(), media_root, consent_dir=media_root.parent / "consent"
    )
    assert {o.status for o in second.outcomes} == {"unchanged"}


def test_demo_catalog_has_what_the_issue_promises(demo_catalog) -> None:
    with demo_catalog() as session:
        kinds = dict(session.execute(select(Entity.kind, func.count()).group_by(Entity.kind)).all())
        assert kinds["person"] >= 40 and kinds["event"] >= 25
        assert kinds["place"] >= 15 and kinds["organization"] >= 10
        tracks = session.execute(select(Transcript.language, Transcript.kind)).all()
        assert len(tracks) >= 5
        assert {("en", "original"), ("ru", "original"), ("he", "original")} <= set(tracks)
        cue_ms = session.scalar(select(func.sum(Segment.end_ms - Segment.start_ms)))
        assert cue_ms >= 30 * 60_000
        archival = session.scalars(select(MediaItem).where(MediaItem.kind == "archival")).all()
        assert len(archival) >= 8 and any(i.restricted for i in archival)
        assert session.scalar(select(func.count()).where(Segment.restricted)) > 0
        interviews = session.scalars(select(MediaItem).where(MediaItem.kind == "interview")).all()
        assert all(i.is_demo and "fictional" in (i.interviewee or "") for i in interviews)


def test_demo_media_plan_covers_every_clip_and_interview() -> None:
    planned = {p["file"] for p in demo.planned_media()}
    assert len(planned) >= 12 and "interview-historian.mp4" in planned


def test_one_demo_interview_is_audio_only() -> None:
    """So the demo shows the waveform player as well as video."""
    audio = [p for p in demo.planned_media() if p["file"].endswith(".m4a")]
    assert [p["file"] for p in audio] == ["interview-student.m4a"]
