"""Discussion prompts drawn from the film's own material: the people and events a scene is
about, the film's featured people, the span of its timeline. Pure: entities in, questions out,
so a host's draft reads as written for this film rather than for any. Written in the host's
language when drafted from the web (`translate`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..models import Entity
from ..wording import N_, Translate, english

PROMPTS_PER_SCENE = 4
ABOUT_PERSON = N_("What part does %(name)s play here, and what do you make of it?")
ABOUT_EVENT = N_("How did “%(name)s” change what people in the film could do?")
ABOUT_DATED_EVENT = N_("How did “%(name)s” (%(year)s) change what people in the film could do?")
ABOUT_SCENE = N_("What did you see or hear in “%(title)s” that you did not know before?")


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


def scene_prompts(title: str, about: list[Entity], translate: Translate = english) -> list[str]:
    """A question about each person or event the scene is about, then one about the scene."""
    asked = []
    for entity in about[: PROMPTS_PER_SCENE - 1]:
        if entity.kind == "person":
            asked.append(translate(ABOUT_PERSON, name=entity.name))
        elif year_of(entity):
            asked.append(translate(ABOUT_DATED_EVENT, name=entity.name, year=year_of(entity)))
        else:
            asked.append(translate(ABOUT_EVENT, name=entity.name))
    asked.append(translate(ABOUT_SCENE, title=title))
    return asked


def people_prompts(people: list[Entity], translate: Translate = english) -> list[str]:
    if not people:
        return []
    names = [p.name for p in people[:3]]
    listed = names[0]
    if len(names) > 1:
        listed = translate(
            N_("%(names)s and %(last)s"), names=", ".join(names[:-1]), last=names[-1]
        )
    return [
        translate(
            N_("%(names)s: whose choices in the film stayed with you, and why?"), names=listed
        ),
        translate(N_("Whose voices carry the story, and whose are missing?")),
    ]


def timeline_prompts(events: list[Entity], translate: Translate = english) -> list[str]:
    dated = [e for e in events if year_of(e)]
    if len(dated) < 2:
        return []
    first, last = dated[0], dated[-1]
    return [
        translate(
            N_(
                "The film's events run from %(first)s (%(first_year)s) to %(last)s "
                "(%(last_year)s). What changed in between, and what made it change?"
            ),
            first=first.name,
            first_year=year_of(first),
            last=last.name,
            last_year=year_of(last),
        )
    ]
