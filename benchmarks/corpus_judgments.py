"""A judged set over the generated benchmark corpus (benchmarks/corpus.py), derived rather than
read: the generator puts names of the demo authority (every spelling and script it lists) and
spoken dates into segments, deterministically, so what it put where is read back from the
transcripts it writes and graded by rule. The queries and the corpus size are in
benchmarks/judged/corpus.yaml.

Grades. A query meaning an entity (`entity`, with the `spelling` it means when the query is a
typo or a form): 3 for a segment holding that spelling, 2 for one holding another of the
entity's names (another spelling or script), 1 for a name that several entities share
("Helsinki": the city or the accords, the text cannot tell). Names are found as the generator
writes them: the longest authority name at each place, whole words, case folded, so
"Avital Sharansky" is Avital's and not Natan's. A query for phrases (`phrases`, dates say) gives
each phrase its grade. The rule knows the spellings the authority lists: should the generator
write forms it does not list (Щаранского), derive them here too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from benchmarks import corpus
from benchmarks.judgments import JudgedQuery, JudgedSet, Moment
from media_catalog.formats.cues import parse_cues

Names = list[tuple[str, set[str]]]  # (a name as written, the entities it names)
CORPUS_SET = Path(__file__).resolve().parent / "judged" / "corpus.yaml"


def words_pattern(text: str) -> str:
    return rf"(?<!\w){re.escape(text)}(?!\w)"


class NameFinder:
    """Every authority name in a text: the longest at each place, whole words, any case."""

    def __init__(self, names: list[tuple[str, str, str]]) -> None:
        self.owners: dict[str, set[str]] = {}
        for slug, _kind, spelling in names:
            self.owners.setdefault(spelling.casefold(), set()).add(slug)
        spellings = sorted({spelling for _, _, spelling in names}, key=len, reverse=True)
        alternatives = "|".join(re.escape(spelling) for spelling in spellings)
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def names_in(self, text: str) -> Names:
        """(the name as written, the entities it names) for each name in the text."""
        return [
            (match.group(), self.owners[match.group().casefold()])
            for match in self.pattern.finditer(text)
        ]


def read_segments(tracks: list[Path]) -> Iterator[tuple[Moment, str]]:
    """Each cue of the written tracks as the moment it becomes once imported, with its text."""
    for path in tracks:
        sidecar = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
        for cue in parse_cues(path.read_text(encoding="utf-8"), "vtt").cues:
            yield Moment(sidecar["media"], sidecar["language"], cue.start_ms), cue.text


def entity_grade(found: Names, slug: str, spelling: str) -> int:
    grade = 0
    for written, owners in found:
        if slug not in owners:
            continue
        if len(owners) > 1:
            grade = max(grade, 1)
        elif re.search(words_pattern(spelling), written, re.IGNORECASE):
            grade = 3
        else:
            grade = max(grade, 2)
    return grade


def phrase_grade(text: str, phrases: dict[str, int]) -> int:
    return max(
        (
            grade
            for phrase, grade in phrases.items()
            if re.search(words_pattern(phrase), text, re.IGNORECASE)
        ),
        default=0,
    )


def judge(entry: dict[str, Any], segments: list[tuple[Moment, str, Names]]) -> JudgedQuery:
    query = str(entry["query"])
    if "entity" in entry:
        spelling = str(entry.get("spelling") or query.strip('"'))
        grades = {
            moment: entity_grade(names, entry["entity"], spelling)
            for moment, _text, names in segments
        }
    else:
        grades = {moment: phrase_grade(text, entry["phrases"]) for moment, text, _names in segments}
    judged = {moment: grade for moment, grade in grades.items() if grade}
    if not judged:
        raise ValueError(f"query {query!r}: the corpus holds nothing it means; grow the corpus")
    return JudgedQuery(query, str(entry["category"]), judged, note=str(entry.get("note") or ""))


def generate(folder: Path) -> tuple[list[Path], JudgedSet]:
    """Write the corpus into `folder`; returns what to import (the demo authority, so names
    are linked, and the transcripts) and the judged set derived from what was written."""
    spec = yaml.safe_load(CORPUS_SET.read_text(encoding="utf-8"))
    tracks = corpus.write_transcripts(folder / "transcripts", spec["hours"], spec["seed"])
    finder = NameFinder(corpus.authority_names())
    segments = [(moment, text, finder.names_in(text)) for moment, text in read_segments(tracks)]
    queries = [judge(entry, segments) for entry in spec["queries"]]
    return [corpus.ROOT / "authority", folder / "transcripts"], JudgedSet("corpus", queries)
