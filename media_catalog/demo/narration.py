"""The demo's speech: clips whose sidecar has `speech:` get it spoken by Debian's flite (voice
slt) as their sound when the demo media is generated, and are transcribed by the embedded engine
when the demo is built, so a new user sees a machine transcript, searchable and linked. Without
flite the clip keeps the demo's tone and is not transcribed."""

from __future__ import annotations

import array
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..config import PROJECT_ROOT
from ..ingest.sidecars import load_sidecar
from ..models import MediaItem, Transcript
from ..models.transcripts import MACHINE_KIND
from ..speech import SpeechError
from ..speech.aligning import human_track, queue_alignment
from ..speech.machine import transcribe_item

TAIL_S = 1.0  # the picture runs on a little after the narration


def flite_available() -> bool:
    return shutil.which("flite") is not None


def narrate(text: str, target: Path) -> float:
    """`text` spoken into a WAV at `target`; its length in seconds."""
    subprocess.run(
        ["flite", "-voice", "slt", "-t", text, "-o", str(target)], check=True, capture_output=True
    )
    with wave.open(str(target)) as reader:
        return reader.getnframes() / reader.getframerate()


def narrate_cues(cues: list[tuple[int, int, str]], target: Path) -> None:
    """Each cue spoken from its start, cut where the next cue starts, into one 16 kHz WAV."""
    rate = 16000
    out = array.array("h")
    with tempfile.TemporaryDirectory() as folder:
        for n, (start_ms, _end_ms, text) in enumerate(cues):
            voice = Path(folder) / "cue.wav"
            narrate(text, voice)
            with wave.open(str(voice)) as reader:
                samples = array.array("h", reader.readframes(reader.getnframes()))
            begin = start_ms * rate // 1000
            until = cues[n + 1][0] * rate // 1000 if n + 1 < len(cues) else begin + len(samples)
            out.extend([0] * max(0, begin - len(out)))
            del out[begin:]
            out.extend(samples[: until - begin])
    with wave.open(str(target), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(out.tobytes())


def aligned_media() -> list[str]:
    """The demo interviews whose media speaks their cues: their words get timed."""
    return [
        str(data["media"])
        for path in sorted((PROJECT_ROOT / "transcripts").glob("*.yaml"))
        if (data := load_sidecar(path)).get("speech") == "cues"
    ]


def queue_alignments(session: Session, settings: dict[str, Any]) -> list[Any]:
    """Queued jobs timing the words of the speaking demo interviews not timed yet (minutes of
    work: the demo's worker does it after the build); the caller commits and submits them."""
    queued = []
    for slug in aligned_media() if flite_available() else []:
        track = human_track(session, slug, None)
        if not any(s.word_timings for s in track.segments):
            queued.append(queue_alignment(session, None, slug, None, settings))
    return queued


def narrated_slugs() -> list[str]:
    """The demo clips that speak."""
    return [
        str(data["slug"])
        for path in sorted((PROJECT_ROOT / "clips").glob("*.yaml"))
        if (data := load_sidecar(path)).get("speech")
    ]


def transcribe_narrated(sessions: sessionmaker[Session], settings: dict[str, Any]) -> list[str]:
    """Machine transcripts for the speaking demo clips that have none yet; a line for each."""
    lines = []
    for slug in narrated_slugs():
        with sessions() as session:
            if _has_machine_track(session, slug) or not flite_available():
                continue
        try:
            lines.append(f"{slug}: {transcribe_item(sessions, settings, slug, 'en')}")
        except SpeechError as exc:
            lines.append(f"{slug}: not transcribed: {exc}")
    return lines


def _has_machine_track(session: Session, slug: str) -> bool:
    return (
        session.scalar(
            select(Transcript.id)
            .join(MediaItem)
            .where(MediaItem.slug == slug, Transcript.kind == MACHINE_KIND)
        )
        is not None
    )
