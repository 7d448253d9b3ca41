"""Discussion prompts drawn from the film's own material: the people and events a scene is
about, the film's featured people, the span of its timeline. Pure: entities in, questions out,
so a host's draft reads as written for this film rather than for any."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..models import Entity

PROMPTS_PER_SCENE = 4


def names_in(text: str, entities: Iterable[Entity]) -> list[Entity]:
    """The entities the text names, by name or alias, as whole words, in the order given."""
    folded = text.casefold()
    found = []
    for entity in entities:
        names = [entity.name, *(alias.text for alias in entity.aliases)]
        if any(_has_words(folded, name.casefold()) for name in names if len(name) > 2):
            found.append(entity)
    return found


def _has_words(text: str, words: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


def years_in(text: str) -> set[str]:
    return set(re.findall(r"\b(1[89]\d\d|20\d\d)\b", text))


def year_of(entity: Entity) -> str:
    return (entity.date_start or "")[:4]


def scene_prompts(title: str, about: list[Entity]) -> list[str]:
    """A question about each person or event the scene is about, then one about the scene."""
    asked = []
    for entity in about[: PROMPTS_PER_SCENE - 1]:
        if entity.kind == "person":
            asked.append(f"What part does {entity.name} play here, and what do you make of it?")
        else:
            when = f" ({year_of(entity)})" if year_of(entity) else ""
            asked.append(f"How did “{entity.name}”{when} change what people in the film could do?")
    asked.append(f"What did you see or hear in “{title}” that you did not know before?")
    return asked


def people_prompts(people: list[Entity]) -> list[str]:
    if not people:
        return []
    names = [p.name for p in people[:3]]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
    return [
        f"{listed}: whose choices in the film stayed with you, and why?",
        "Whose voices carry the story, and whose are missing?",
    ]


def timeline_prompts(events: list[Entity]) -> list[str]:
    dated = [e for e in events if year_of(e)]
    if len(dated) < 2:
        return []
    first, last = dated[0], dated[-1]
    return [
        f"The film's events run from {first.name} ({year_of(first)}) to {last.name} "
        f"({year_of(last)}). What changed in between, and what made it change?"
    ]
