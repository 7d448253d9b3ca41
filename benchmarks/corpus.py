"""A deterministic, realistic corpus for benchmarks: interview segments with a Zipf-distributed
vocabulary, names from the demo authority in several spellings and scripts, spoken dates, and
an authority grown to any number of aliases. Same seed (and version), same corpus; version 2
adds word forms and Hebrew tracks (benchmarks/languages.py)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import yaml

if __package__:  # imported as benchmarks.corpus (by tests), not beside it as a script's module
    from . import languages
else:
    import languages

ROOT = Path(__file__).resolve().parent.parent
WORDS_EN = (
    "the and to of a I was in that we it they he had for were with our on but there "
    "not what as all my at be so from one when people would this she who them about "
    "an no if could did out up were time family letters visa years friends years "
    "said then know like just been went back came work told wanted home first door "
    "apartment permission refused waiting meeting seminar trial prison camp exile "
    "embassy telephone message hope fear courage campaign rally students parents "
    "children mother father brother sister winter summer city street window car "
    "officials documents application emigration freedom newspaper radio"
).split()
WORDS_RU = (
    "и в не на я что он с как мы это но они было она по к из за так у же от всё "
    "когда ещё письмо отказ визу семья друзья годы работа дом квартира суд лагерь "
    "ссылка надежда страх свобода митинг семинар телефон машина документы"
).split()
SPOKEN_DATES = [
    "in 1977",
    "in the seventies",
    "March 15, 1977",
    "in 1970",
    "в 1970 году",
    "в семидесятые годы",
    "in June 1967",
    "by 1987",
]


def authority_names() -> list[tuple[str, str, str]]:
    """(slug, kind, spelling) for every name and alias of the demo authority."""
    names = []
    for path in sorted((ROOT / "authority").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entity in data["entities"]:
            kind = entity.get("kind", data["kind"])
            names.append((entity["slug"], kind, entity["name"]))
            for alias in entity.get("aliases") or []:
                text = alias if isinstance(alias, str) else alias["text"]
                names.append((entity["slug"], kind, text))
    return names


def _zipf_sampler(words: list[str], rng: random.Random):  # type: ignore[no-untyped-def]
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return lambda k: rng.choices(words, weights=weights, k=k)


def synthetic_authority(total_aliases: int, seed: int = 7) -> list[dict]:  # type: ignore[type-arg]
    """The demo authority plus generated people, until it has `total_aliases` names."""
    rng = random.Random(seed)
    entities: dict[str, dict] = {}  # type: ignore[type-arg]
    for slug, kind, text in authority_names():
        entity = entities.setdefault(
            slug, {"slug": slug, "kind": kind, "name": text, "aliases": []}
        )
        if text != entity["name"]:
            entity["aliases"].append(text)
    count = sum(1 + len(e["aliases"]) for e in entities.values())
    syllables = [
        "ber",
        "man",
        "stein",
        "ko",
        "vich",
        "lev",
        "ska",
        "ro",
        "zan",
        "tal",
        "mir",
        "dov",
        "gel",
        "shap",
        "iro",
        "nov",
        "kin",
        "ash",
        "el",
        "fel",
    ]
    first_names = [
        "Anna",
        "Boris",
        "Dina",
        "Grigory",
        "Lena",
        "Mikhail",
        "Olga",
        "Pavel",
        "Raisa",
        "Semyon",
        "Tamara",
        "Yakov",
        "Zelda",
        "Arkady",
        "Fira",
    ]
    number = 0
    while count < total_aliases:
        number += 1
        surname = "".join(rng.choices(syllables, k=3)).capitalize()
        first = rng.choice(first_names)
        entities[f"gen-{number}"] = {
            "slug": f"gen-{number}",
            "kind": "person",
            "name": f"{first} {surname}",
            "aliases": [surname],
        }
        count += 2
    return list(entities.values())


CORPUS_VERSIONS = (1, 2)
# Version 2 (benchmarks/search.py) writes the forms people type: Russian names and nouns in
# their cases, one track in ten in Hebrew with prefix letters, English possessives. Version 1
# (every other benchmark) is the corpus as first written, unchanged so its figures compare.
HEBREW_TRACKS = (10, 5)  # version 2: tracks numbered 5, 15, 25, ... are in Hebrew


def segments(
    count: int,
    authority: list[dict],  # type: ignore[type-arg]
    seed: int = 11,
    *,
    version: int = 1,
    per_track: int = 600,
) -> Iterator[tuple[str, str | None]]:
    """(text, speaker) of `count` interview segments, mostly English, some Russian (and in
    version 2 some Hebrew: whole tracks of `per_track` segments). A generator: memory stays
    flat however many are asked for."""
    drafts = _drafts(count, authority, seed)
    if version == 2:
        written = _with_forms(drafts, authority, seed, per_track)
    else:
        written = ((draft.index, draft.words) for draft in drafts)
    for index, words in written:
        text = " ".join(words)
        yield text[0].upper() + text[1:] + ".", ("Speaker A" if index % 2 else "Interviewer")


def is_hebrew_track(index: int, per_track: int) -> bool:
    every, which = HEBREW_TRACKS
    return (index // per_track) % every == which


class _Draft(NamedTuple):
    index: int
    is_russian: bool
    words: list[str]
    name_at: int | None
    date: str | None


def _drafts(count: int, authority: list[dict], seed: int) -> Iterator[_Draft]:  # type: ignore[type-arg]
    """Version 1's segments as words, with where the name went: every call on `rng` stays in
    its first order, so version 1 is what it always was and version 2 only rewrites it."""
    rng = random.Random(seed)
    english, russian = _zipf_sampler(WORDS_EN, rng), _zipf_sampler(WORDS_RU, rng)
    names = [n for e in authority for n in [e["name"], *e["aliases"]]]
    for index in range(count):
        is_russian = index % 7 == 0
        words = (russian if is_russian else english)(rng.randint(8, 18))
        name_at = None
        if rng.random() < 0.35:
            name_at = rng.randint(0, len(words))
            words.insert(name_at, rng.choice(names))
        date = rng.choice(SPOKEN_DATES) if rng.random() < 0.05 else None
        yield _Draft(index, is_russian, words + [date] if date else words, name_at, date)


def _with_forms(
    drafts: Iterator[_Draft],
    authority: list[dict],  # type: ignore[type-arg]
    seed: int,
    per_track: int,
) -> Iterator[tuple[int, list[str]]]:
    """Version 2: the drafts rewritten from a second random stream (the first stays aligned)."""
    rng = random.Random(seed * 7919 + 2)
    cyrillic, hebrew_names = _names_in_scripts(authority)
    hebrew = _zipf_sampler(languages.WORDS_HE, rng)
    for draft in drafts:
        if is_hebrew_track(draft.index, per_track):
            yield draft.index, _hebrew_words(draft, rng, hebrew, hebrew_names)
        elif draft.is_russian:
            yield draft.index, _russian_words(draft, rng, cyrillic)
        else:
            yield draft.index, _english_words(draft, rng)


def _names_in_scripts(authority: list[dict]) -> tuple[list[tuple[str, bool, bool]], list[str]]:  # type: ignore[type-arg]
    """(name, feminine, person) for every Cyrillic name; every Hebrew name."""
    cyrillic, hebrew = [], []
    for entity in authority:
        names = [entity["name"], *entity["aliases"]]
        person = entity["kind"] == "person"
        feminine = person and languages.is_feminine(names)
        cyrillic += [(n, feminine, person) for n in names if languages.is_cyrillic(n)]
        hebrew += [n for n in names if languages.is_hebrew(n)]
    return cyrillic, hebrew


def _hebrew_words(draft: _Draft, rng: random.Random, sample, names: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """As many Hebrew words, a quarter of the nouns with prefix letters, the name where the
    draft had one (half of them prefixed: לשרנסקי), a Hebrew spoken date for a date."""
    count = len(draft.words) - (draft.name_at is not None) - (draft.date is not None)
    words = [
        languages.hebrew_prefixed(w, rng)
        if w in languages.HEBREW_CONTENT and rng.random() < 0.25
        else w
        for w in sample(count)
    ]
    if draft.name_at is not None:
        name = rng.choice(names)
        words.insert(
            draft.name_at, languages.hebrew_prefixed(name, rng) if rng.random() < 0.5 else name
        )
    if draft.date:
        words.append(rng.choice(languages.SPOKEN_DATES_HE))
    return words


def _russian_words(
    draft: _Draft, rng: random.Random, names: list[tuple[str, bool, bool]]
) -> list[str]:
    """Nouns in their cases (письма, отказе) for a third of them, and a Cyrillic name, in the
    nominative a third of the time and otherwise in a case (Щаранского, Нудели)."""
    words = [
        rng.choice(languages.RUSSIAN_NOUN_FORMS[w])
        if w in languages.RUSSIAN_NOUN_FORMS and rng.random() < 0.33
        else w
        for w in draft.words
    ]
    if draft.name_at is not None:
        name, feminine, person = rng.choice(names)
        if rng.random() < 0.67:
            name = languages.russian_name_form(name, rng.choice(languages.CASES), feminine, person)
        words[draft.name_at] = name
    return words


def _english_words(draft: _Draft, rng: random.Random) -> list[str]:
    """A sixth of the Latin names in the possessive: Sharansky's."""
    words = draft.words
    if draft.name_at is not None and words[draft.name_at].isascii() and rng.random() < 1 / 6:
        words = [*words]
        words[draft.name_at] += "'s"
    return words


def figure(
    name: str,
    value: float,
    unit: str,
    baseline: str | None,
    baseline_value: float | None,
    corpus: str,
) -> dict:  # type: ignore[type-arg]
    """One record of benchmarks/results.json."""
    return {
        "name": name,
        "value": round(value, 4),
        "unit": unit,
        "baseline": baseline,
        "baseline_value": None if baseline_value is None else round(baseline_value, 4),
        "ratio": None if not baseline_value else round(value / baseline_value, 4),
        "corpus": corpus,
    }


SEGMENTS_PER_HOUR = 600  # a cue every six seconds


def write_transcripts(folder: Path, hours: int, seed: int = 11) -> list[Path]:
    """`hours` one-hour interview tracks as WebVTT files with their sidecars, as an archive
    would hand them over: one file an hour, speakers in voice tags, a Russian track in seven.
    Names come from the demo authority in all its spellings and scripts."""
    from media_catalog.timecode import format_clock

    folder.mkdir(parents=True, exist_ok=True)
    authority = synthetic_authority(0, seed)  # the demo authority as it is
    texts = segments(hours * SEGMENTS_PER_HOUR, authority, seed)
    paths = []
    for hour in range(hours):
        slug = f"bench-interview-{hour:05d}"
        lines = ["WEBVTT", ""]
        for number in range(SEGMENTS_PER_HOUR):
            text, speaker = next(texts)
            start = number * 6000
            lines += [
                f"{format_clock(start)} --> {format_clock(start + 5500)}",
                f"<v {speaker}>{text}" if speaker else text,
                "",
            ]
        path = folder / f"{slug}.vtt"
        path.write_text("\n".join(lines), encoding="utf-8")
        sidecar = {
            "media": slug,
            "language": "ru" if hour % 7 == 0 else "en",
            "kind": "original",
            "title": f"Benchmark interview {hour}",
            "interviewee": "Speaker A",
        }
        path.with_suffix(".yaml").write_text(yaml.safe_dump(sidecar), encoding="utf-8")
        paths.append(path)
    return paths
