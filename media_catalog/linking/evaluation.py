"""Measuring the matcher against a hand-checked gold set (tests/gold/mentions.yaml): precision
and recall of suggested mentions, per track and overall, with the mistakes listed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..formats.cues import parse_timestamp
from ..models import Annotation, Entity, Segment, Transcript


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    correct: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.found += other.found
        self.correct += other.correct
        self.missed += other.missed
        self.wrong += other.wrong


def evaluate(session: Session, gold_path: Path) -> dict[str, Score]:
    """Scores per track file, and "all"."""
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    scores: dict[str, Score] = {}
    total = Score()
    for track in gold["tracks"]:
        transcript = session.scalar(
            select(Transcript).where(Transcript.source_path.endswith(track["file"]))
        )
        if transcript is None:
            raise LookupError(f"{track['file']} is not imported")
        found: dict[int, Counter[str]] = {}
        texts: dict[int, str] = {}
        rows = session.execute(
            select(Segment.start_ms, Segment.text, Entity.slug)
            .join(Annotation, Annotation.segment_id == Segment.id, isouter=True)
            .join(Entity, Entity.id == Annotation.entity_id, isouter=True)
            .where(
                Segment.transcript_id == transcript.id,
                (Annotation.id.is_(None)) | (Annotation.role == "mentioned"),
            )
        )
        for start_ms, text, slug in rows:
            texts[start_ms] = text
            found.setdefault(start_ms, Counter())
            if slug:
                found[start_ms][slug] += 1
        score = Score()
        for cue in track["cues"]:
            start = parse_timestamp(cue["at"])
            expected = Counter(m["entity"] for m in cue.get("mentions") or [])
            got = found.get(start, Counter())
            score.expected += sum(expected.values())
            score.found += sum(got.values())
            score.correct += sum((expected & got).values())
            where = f"{track['file']} {cue['at']}"
            score.missed += [
                f"{where} {slug}: {texts.get(start, '')!r}" for slug in (expected - got).elements()
            ]
            score.wrong += [
                f"{where} {slug}: {texts.get(start, '')!r}" for slug in (got - expected).elements()
            ]
        scores[track["file"]] = score
        total.add(score)
    scores["all"] = total
    return scores
