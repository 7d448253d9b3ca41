"""Russian names decline: Щаранский, Щаранского, Щаранскому; Нудель, Нудели; Слепак, Слепака;
Москва, Москве. Surname-ending rules turn an alias in the nominative into its case forms,
on the alias side, so matching stays a plain multi-pattern scan; `nominatives` runs them
backwards for search, which starts from any form. Words are folded (й as и)."""

from __future__ import annotations

import itertools

_CONSONANTS = set("бвгджзклмнпрстфхцчшщ")
_HUSHING_OR_VELAR = set("гкхжшщч")  # after these, -ы is spelled -и
# What a nominative ends with, for each rule of word_forms below ("" for a consonant), and the
# longest case ending the rules add: together they bound the search in `nominatives`.
_NOMINATIVE_ENDINGS = ("", "ь", "о", "а", "я", "ы", "и", "ии", "ыи", "ои", "ое", "ее", "ая", "яя")
_LONGEST_CASE_ENDING = 3


def word_forms(word: str) -> set[str]:
    """Case forms of one folded Cyrillic word in the nominative (the word itself included)."""
    forms = {word}
    if len(word) < 3:
        return forms
    if word.endswith(("скии", "цкии", "скои", "цкои")):  # adjectival surnames (й folded to и)
        stem = word[:-2]
        forms |= {stem + e for e in ("ого", "ому", "им", "ом", "ая", "ои", "ую")}
    elif word.endswith(("ыи", "ои", "ое", "ее")) and len(word) > 4:  # Толстой, Ленинградское
        stem = word[:-2]
        forms |= {stem + e for e in ("ого", "ому", "ым", "ом")}
    elif word.endswith(("ая", "яя")) and len(word) > 4:  # Шестидневная (война)
        stem = word[:-2]
        forms |= {stem + e for e in ("ои", "ую", "ою")}
    elif word.endswith("ии"):  # Анатолий, Юлий, Григорий
        stem = word[:-2]
        forms |= {stem + e for e in ("ия", "ию", "ием", "ии")}
    elif word.endswith(("ов", "ев", "ин", "ын")):  # Кузнецов, Брежнев, Путин
        forms |= {word + e for e in ("а", "у", "ым", "е", "ой", "ы")}
    elif word[-1] in _CONSONANTS:  # Слепак, Бегун, Натан, Лернер
        instrumental = "ем" if word[-1] in "жшщчц" else "ом"
        forms |= {word + e for e in ("а", "у", instrumental, "е")}
    elif word.endswith("ь"):  # Нудель: a woman's name takes -и, a man's -я, -ю, -ем
        stem = word[:-1]
        forms |= {stem + e for e in ("и", "я", "ю", "ем", "е")}
    elif word.endswith("о") and len(word) > 3:  # дело
        stem = word[:-1]
        forms |= {stem + e for e in ("а", "у", "ом", "е")}
    elif word.endswith(("ки", "ги", "хи", "ы")):  # a plural place name: Овражки, Сокольники
        stem = word[:-1]
        forms |= {stem + e for e in ("ов", "ам", "ами", "ах")}
    elif word.endswith("а"):  # Ида, Москва, Рига
        stem = word[:-1]
        genitive = "и" if stem[-1] in _HUSHING_OR_VELAR else "ы"
        forms |= {stem + e for e in (genitive, "е", "у", "ои", "ою")}
    elif word.endswith("я"):  # Мария, Наталья
        stem = word[:-1]
        forms |= {stem + e for e in ("и", "е", "ю", "еи", "ои")}
    return forms


def nominatives(word: str) -> set[str]:
    """The nominatives whose case forms (by word_forms) include this folded word, the word
    itself among them: Щаранского -> щаранскии, Нудели -> нудель (and нуделя, since the rules
    cannot tell). The inverse is found by trying the rules forwards, so it never disagrees
    with them."""
    candidates = {
        word[: len(word) - cut] + ending
        for cut in range(min(_LONGEST_CASE_ENDING, len(word) - 1) + 1)
        for ending in _NOMINATIVE_ENDINGS
    }
    return {c for c in candidates if _is_spelled_right(c) and word in word_forms(c)}


def _is_spelled_right(word: str) -> bool:
    """No ы after г, к, х, ж, ш, щ, ч and no ь after a vowel, as Russian spelling has it."""
    return not any(
        (b == "ы" and a in _HUSHING_OR_VELAR) or (b == "ь" and a in "аеиоуыэюя")
        for a, b in itertools.pairwise(word)
    )


def is_pronounceable_acronym(text: str) -> bool:
    """ОВИР and МИД are read as words and decline (ОВИРа, в ОВИРе); КГБ and МВД do not."""
    return text[-1].lower() in _CONSONANTS and any(c in "АЕЁИОУЫЭЮЯ" for c in text)


def phrase_forms(phrase: str, limit: int = 64) -> set[str]:
    """Case forms of a folded multi-word name: each word declines in the same case, so the
    forms of its words are combined position by position (Натана Щаранского), plus the
    forms where only the last word declines (Иосиф Бегуна does not occur, but Иосифа Бегуна
    does), capped to keep alias sets small."""
    words = phrase.split()
    if len(words) == 1:
        return word_forms(words[0])
    per_word = [sorted(word_forms(w)) for w in words]
    combos = itertools.islice(itertools.product(*per_word), limit)
    return {" ".join(combo) for combo in combos} | {phrase}
