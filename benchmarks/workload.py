"""The search benchmark's queries, deterministic: the 240 of issue 4 (words, phrases, prefixes,
names, entity and language filters) and 160 more for issue 20 (Russian word and name forms,
Hebrew words and names with prefix letters, Latin spellings and possessives, typos), each
tagged with its kind so figures can be read per kind and the first 240 compared with before."""

from __future__ import annotations

import random
from collections.abc import Callable

import languages
from corpus import WORDS_EN, WORDS_RU, synthetic_authority

from media_catalog import search

QUERY_COUNT = 240  # issue 4's queries, the first of the workload
PER_KIND = 40  # issue 20's kinds
Query = tuple[str, str, search.Filters]  # (kind, text, filters)


def queries(seed: int = 5) -> list[tuple[str, search.Filters]]:
    """Issue 4's mixed queries: a sixth each of single words (frequent ones included),
    phrases, prefixes, names, and words with an entity or language filter."""
    rng = random.Random(seed)
    authority = synthetic_authority(5_000)
    demo_people = [e for e in authority if not e["slug"].startswith("gen-")]
    out: list[tuple[str, search.Filters]] = []
    for number in range(QUERY_COUNT):
        kind = number % 6
        if kind == 0:
            out.append((rng.choice(WORDS_EN[:12] + WORDS_EN[40:] + WORDS_RU), search.Filters()))
        elif kind == 1:
            first, second = rng.sample(WORDS_EN[30:], 2)
            out.append((f'"{first} {second}"', search.Filters()))
        elif kind == 2:
            word = rng.choice([w for w in WORDS_EN + WORDS_RU if len(w) >= 5])
            out.append((word[:4] + "*", search.Filters()))
        elif kind == 3:
            entity = rng.choice(authority)
            out.append((rng.choice([entity["name"], *entity["aliases"]]), search.Filters()))
        elif kind == 4:
            entity = rng.choice(demo_people)
            word = rng.choice(WORDS_EN[20:])
            out.append((word, search.Filters(entities=(entity["slug"],))))
        else:
            out.append((rng.choice(WORDS_RU[10:]), search.Filters(language="en")))
    return out


def workload(seed: int = 5) -> list[Query]:
    """Issue 4's 240 queries, then PER_KIND of each of issue 20's kinds: 400 in all."""
    rng = random.Random(seed * 31 + 20)
    names = _demo_names()
    out: list[Query] = [("issue 4", text, filters) for text, filters in queries(seed)]
    for kind, make in KINDS.items():
        out += [(kind, text, filters) for text, filters in make(rng, names)]
    return out


def _demo_names() -> dict[str, list[tuple[str, bool, bool]]]:
    """The demo authority's names by script: (name, feminine, person)."""
    by_script: dict[str, list[tuple[str, bool, bool]]] = {"latin": [], "cyrillic": [], "hebrew": []}
    for entity in synthetic_authority(0):
        all_names = [entity["name"], *entity["aliases"]]
        person = entity["kind"] == "person"
        feminine = person and languages.is_feminine(all_names)
        for name in all_names:
            script = (
                "cyrillic"
                if languages.is_cyrillic(name)
                else "hebrew"
                if languages.is_hebrew(name)
                else "latin"
            )
            by_script[script].append((name, feminine, person))
    return by_script


def _russian_forms(rng: random.Random, names: dict) -> list[tuple[str, search.Filters]]:  # type: ignore[type-arg]
    """Half nouns in a case (письма, отказе), half names in one (Щаранского, Нудели)."""
    out = ["Щаранского", "Щаранскому", "Нудели", "Слепака"]
    nouns = sorted(languages.RUSSIAN_NOUN_FORMS)
    while len(out) < PER_KIND // 2:
        out.append(rng.choice(languages.RUSSIAN_NOUN_FORMS[rng.choice(nouns)]))
    people = [n for n in names["cyrillic"] if n[2]]
    while len(out) < PER_KIND:
        name, feminine, person = rng.choice(people)
        out.append(languages.russian_name_form(name, rng.choice(languages.CASES), feminine, person))
    return [(text, search.Filters()) for text in out]


def _hebrew(rng: random.Random, names: dict) -> list[tuple[str, search.Filters]]:  # type: ignore[type-arg]
    """Hebrew words bare and with prefix letters (five with the language filter), and Hebrew
    names bare and prefixed (לשרנסקי, ושרנסקי)."""
    out = [("לשרנסקי", search.Filters()), ("ושרנסקי", search.Filters())]
    for number in range(18):
        word = rng.choice(languages.HEBREW_CONTENT)
        if number % 2:
            word = languages.hebrew_prefixed(word, rng)
        out.append((word, search.Filters(language="he") if number < 5 else search.Filters()))
    while len(out) < PER_KIND:
        name = rng.choice(names["hebrew"])[0]
        out.append(
            (languages.hebrew_prefixed(name, rng) if len(out) % 2 else name, search.Filters())
        )
    return out


def _latin_names(rng: random.Random, names: dict) -> list[tuple[str, search.Filters]]:  # type: ignore[type-arg]
    """The demo's Latin names and spellings (Shcharansky, Sharansky), a third possessive."""
    people = [n for n in names["latin"] if n[2]]
    out = []
    for number in range(PER_KIND):
        name = rng.choice(people)[0]
        out.append(name + "'s" if number % 3 == 2 else name)
    return [(text, search.Filters()) for text in out]


def _typos(rng: random.Random, names: dict) -> list[tuple[str, search.Filters]]:  # type: ignore[type-arg]
    """One slip in a Latin name (Sharanksy), an English word or a Cyrillic name or word."""
    out = ["Sharanksy", "Shcharanksy", "Slepka"]
    surnames = [n[0].split()[-1] for n in names["latin"] if n[2] and len(n[0].split()[-1]) >= 5]
    cyrillic = [n[0].split()[-1] for n in names["cyrillic"] if len(n[0].split()[-1]) >= 5]
    english = [w for w in WORDS_EN if len(w) >= 5]
    sources = [surnames] * 4 + [english] * 3 + [cyrillic] * 2 + [WORDS_RU]
    while len(out) < PER_KIND:
        words = sources[len(out) % len(sources)]
        word = rng.choice([w for w in words if len(w) >= 5])
        out.append(languages.typo(word, rng))
    return [(text, search.Filters()) for text in out]


KINDS: dict[str, Callable[[random.Random, dict], list[tuple[str, search.Filters]]]] = {  # type: ignore[type-arg]
    "Russian forms": _russian_forms,
    "Hebrew": _hebrew,
    "Latin names": _latin_names,
    "typos": _typos,
}


def distinct(count: int, seed: int = 5) -> list[tuple[str, search.Filters]]:
    """`count` different searches, for a load in which no search repeats (so no answer kept by
    a server process can serve one): the workload's first, then pairs of words from the three
    vocabularies, or a word and a surname."""
    rng = random.Random(seed * 97 + 25)
    chosen = dict.fromkeys((text, filters) for _kind, text, filters in workload(seed))
    names = _demo_names()
    # Not נתב"ג: a Hebrew acronym's gershayim typed as " opens a phrase (a 400 today).
    surnames = [n[0].split()[-1] for script in names.values() for n in script if '"' not in n[0]]
    words = WORDS_EN + WORDS_RU + languages.WORDS_HE
    while len(chosen) < count:
        second = rng.choice(surnames if rng.random() < 0.3 else words)
        chosen.setdefault((f"{rng.choice(words)} {second}", search.Filters()))
    return list(chosen)[:count]
