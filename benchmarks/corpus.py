"""A deterministic, realistic corpus for benchmarks: interview segments with a Zipf-distributed
vocabulary, names from the demo authority in several spellings and scripts, spoken dates, and
an authority grown to any number of aliases. Same seed, same corpus."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import yaml

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


def segments(count: int, authority: list[dict], seed: int = 11) -> Iterator[tuple[str, str | None]]:  # type: ignore[type-arg]
    """(text, speaker) of `count` interview segments, mostly English, some Russian."""
    rng = random.Random(seed)
    english, russian = _zipf_sampler(WORDS_EN, rng), _zipf_sampler(WORDS_RU, rng)
    names = [n for e in authority for n in [e["name"], *e["aliases"]]]
    for index in range(count):
        is_russian = index % 7 == 0
        words = (russian if is_russian else english)(rng.randint(8, 18))
        if rng.random() < 0.35:
            words.insert(rng.randint(0, len(words)), rng.choice(names))
        if rng.random() < 0.05:
            words.append(rng.choice(SPOKEN_DATES))
        text = " ".join(words)
        yield text[0].upper() + text[1:] + ".", ("Speaker A" if index % 2 else "Interviewer")


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
