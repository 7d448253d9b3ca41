"""The bundled demo catalog: where its files are, and its media, generated on setup (ffmpeg
test patterns with a title card, a running timecode and a tone) rather than committed."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from ..config import PROJECT_ROOT
from ..formats import media
from ..formats.cues import parse_cues
from ..formats.encodings import decode
from ..ingest.sidecars import load_sidecar, sidecar_for
from ..ingest.transcripts import TRANSCRIPT_SUFFIXES
from . import narration

DEMO_FOLDERS = ("films", "authority", "clips", "transcripts")
TAIL_MS = 2000  # a little room after the last cue


def demo_paths() -> list[Path]:
    return [PROJECT_ROOT / folder for folder in DEMO_FOLDERS]


def planned_media() -> list[dict]:  # type: ignore[type-arg]
    """Every demo media file the sidecars name, with what is needed to generate it."""
    plans = []
    for sidecar in sorted((PROJECT_ROOT / "clips").glob("*.yaml")):
        data = load_sidecar(sidecar)
        if data.get("file"):
            plans.append(
                {
                    "file": data["file"],
                    "title": data.get("title", data["file"]),
                    "duration_s": float(data.get("duration") or 30),
                    "frame_rate": float(data.get("frame_rate") or 25),
                    "start_timecode": data.get("start_timecode"),
                    "still": False,
                    "speech": data.get("speech"),
                }
            )
    for transcript in sorted((PROJECT_ROOT / "transcripts").iterdir()):
        if transcript.suffix not in TRANSCRIPT_SUFFIXES or not (side := sidecar_for(transcript)):
            continue
        data = load_sidecar(side)
        if not data.get("file") or data.get("kind", "original") != "original":
            continue
        cues = parse_cues(
            decode(transcript.read_bytes()).text, TRANSCRIPT_SUFFIXES[transcript.suffix]
        ).cues
        plans.append(
            {
                "file": data["file"],
                "title": data.get("title", data["file"]),
                "duration_s": (max(c.end_ms for c in cues) + TAIL_MS) / 1000,
                "frame_rate": 5.0,
                "start_timecode": None,
                "still": True,
                # `speech: cues`: each cue spoken at its time (the demo's word-timed interview)
                "speech": [(c.start_ms, c.end_ms, c.text) for c in cues]
                if data.get("speech") == "cues"
                else None,
            }
        )
    return plans


def generate_media(media_root: Path, progress: Callable[[str], None] | None = None) -> int:
    """Generate the demo media that is not there yet; returns how many files were made."""
    if not media.ffmpeg_available():
        return 0
    made = 0
    for plan in planned_media():
        target = media_root / plan["file"]
        if target.exists():
            continue
        if progress:
            progress(target.name)
        make_planned(plan, target)
        made += 1
    return made


def make_planned(plan: dict, target: Path) -> None:  # type: ignore[type-arg]
    """One planned demo file at `target`: its test pattern, speaking its narration or its cues
    (flite) where it has them and flite is here."""
    plan = {key: value for key, value in plan.items() if key != "file"}
    speech = plan.pop("speech", None)
    if speech and narration.flite_available():
        with tempfile.TemporaryDirectory() as folder:
            voice = Path(folder) / "speech.wav"
            if isinstance(speech, list):
                narration.narrate_cues(speech, voice)
            else:
                seconds = narration.narrate(speech, voice) + narration.TAIL_S
                plan["duration_s"] = max(plan["duration_s"], seconds)
            media.make_test_pattern(target, **plan, speech=voice)
    else:
        media.make_test_pattern(target, **plan)
