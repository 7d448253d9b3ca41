"""Word forms for the generated corpus and its queries: Russian case endings for names and a few
nouns, Hebrew words and the prefix letters written onto them, English possessives, and typos.
Real spellings (й and ё kept), unlike the matcher's folded forms in media_catalog.linking:
the corpus must look like what people typed, not like what the index holds."""

from __future__ import annotations

import random

CASES = ("gen", "dat", "ins", "prep")
_HUSHING_OR_VELAR = set("гкхжшщч")
_CONSONANTS = set("бвгджзклмнпрстфхцчшщ")
# (ending, letters dropped, feminine only, endings by case): the first that fits wins.
_RULES: list[tuple[str, int, bool | None, tuple[str, str, str, str]]] = [
    ("ский", 2, None, ("ого", "ому", "им", "ом")),  # Щаранский: Щаранского, Щаранскому
    ("цкий", 2, None, ("ого", "ому", "им", "ом")),
    ("ская", 2, None, ("ой", "ой", "ой", "ой")),  # Щаранская
    ("ая", 2, None, ("ой", "ой", "ой", "ой")),  # Шестидневная (война)
    ("ый", 2, None, ("ого", "ому", "ым", "ом")),  # Первый (процесс)
    ("ой", 2, None, ("ого", "ому", "ым", "ом")),  # Толстой
    ("ое", 2, None, ("ого", "ому", "ым", "ом")),  # Ленинградское (дело)
    ("ия", 1, None, ("и", "и", "ей", "и")),  # Мария
    ("ий", 1, None, ("я", "ю", "ем", "и")),  # Анатолий
    ("ова", 1, None, ("ой", "ой", "ой", "ой")),  # Кузнецова
    ("ева", 1, None, ("ой", "ой", "ой", "ой")),
    ("ина", 1, None, ("ой", "ой", "ой", "ой")),
    ("ь", 1, True, ("и", "и", "ью", "и")),  # Ида Нудель: Нудели
    ("ь", 1, False, ("я", "ю", "ем", "е")),  # Игорь
    ("я", 1, None, ("и", "е", "ей", "е")),  # Наталья
]

WORDS_HE = (
    "של את לא על זה הוא היא אני היה אנחנו הם גם כי אבל מה עם כל יש אז רק עוד היו אמר "
    "אמרה שנה שנים מכתב מכתבים ויזה סירוב משפחה חברים עבודה בית דירה משפט מחנה גלות "
    "תקווה פחד חופש הפגנה סמינר טלפון מסמכים עלייה ירושלים מוסקבה אבא אמא ילדים רחוב "
    "חלון עיתון רדיו שגרירות אישור המתנה אסירי ציון"
).split()
HEBREW_CONTENT = WORDS_HE[WORDS_HE.index("שנה") :]  # the words that take prefix letters
HEBREW_PREFIXES = (
    "ו ה ב כ ל מ ש וה וב ול ומ וש שה שב של מה כש וכש".split()
)  # and, the, in, as, to, from, that, and their combinations
SPOKEN_DATES_HE = ["בשנת 1977", "ב-1970", "בשנות השבעים", "ביוני 1967"]

# Case forms of the Russian vocabulary's nouns (benchmarks/corpus.py WORDS_RU), as written.
RUSSIAN_NOUN_FORMS = {
    "письмо": ["письма", "письму", "письмом", "письме", "письмах"],
    "отказ": ["отказа", "отказу", "отказом", "отказе"],
    "семья": ["семьи", "семье", "семью", "семьёй"],
    "друзья": ["друзей", "друзьям", "друзьями", "друзьях"],
    "работа": ["работы", "работе", "работу", "работой"],
    "дом": ["дома", "дому", "домом", "доме"],
    "квартира": ["квартиры", "квартире", "квартиру", "квартирой"],
    "суд": ["суда", "суду", "судом", "суде"],
    "лагерь": ["лагеря", "лагерю", "лагерем", "лагере"],
    "ссылка": ["ссылки", "ссылке", "ссылку", "ссылкой"],
    "надежда": ["надежды", "надежде", "надежду", "надеждой"],
    "страх": ["страха", "страху", "страхом", "страхе"],
    "свобода": ["свободы", "свободе", "свободу", "свободой"],
    "митинг": ["митинга", "митингу", "митингом", "митинге"],
    "семинар": ["семинара", "семинару", "семинаром", "семинаре"],
    "телефон": ["телефона", "телефону", "телефоном", "телефоне"],
    "машина": ["машины", "машине", "машину", "машиной"],
    "документы": ["документов", "документам", "документами", "документах"],
}


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def is_hebrew(text: str) -> bool:
    return any("\u0590" <= c <= "\u05ff" for c in text)


def is_feminine(names: list[str]) -> bool:
    """A person whose Cyrillic full name has a first name in -а or -я (Ида Нудель), or a
    surname in -ая: her surname in -ь takes -и, one in a consonant does not decline."""
    for name in filter(is_cyrillic, names):
        words = name.split()
        if (len(words) > 1 and words[0][-1] in "ая") or name.endswith("ая"):
            return True
    return False


def russian_word_case(word: str, case: str, feminine: bool) -> str:
    """One Cyrillic word of a name in `case` (one of CASES); acronyms and indeclinable words
    (КГБ, Сокольники, a woman's surname in a consonant) are returned as they are."""
    if len(word) < 3 or word.isupper() or not is_cyrillic(word):
        return word
    index = CASES.index(case)
    for ending, dropped, only, endings in _RULES:
        if word.endswith(ending) and only in (None, feminine):
            return word[:-dropped] + endings[index]
    if word.endswith("а"):  # Ида, Москва
        genitive = "и" if word[-2] in _HUSHING_OR_VELAR else "ы"
        return word[:-1] + (genitive, "е", "ой", "е")[index]
    if word[-1] in _CONSONANTS and not feminine:  # Слепак, Бегун, Натан
        instrumental = "ем" if word[-1] in "жшщчц" else "ом"
        return word + ("а", "у", instrumental, "е")[index]
    return word


_ADJECTIVE_ENDINGS = ("ский", "цкий", "ская", "ая", "ый", "ой", "ое")


def russian_name_form(name: str, case: str, feminine: bool, person: bool) -> str:
    """A name in one case: every word of a person's (Натана Щаранского); of anything else the
    leading adjectives and the noun they qualify (Советского Союза, Ареста Щаранского), since
    what follows them stays as it is (Суда над Щаранским)."""
    words = name.split()
    declined = len(words)
    if not person:
        declined = 1 + next(
            (i for i, w in enumerate(words) if not w.lower().endswith(_ADJECTIVE_ENDINGS)),
            len(words) - 1,
        )
    return " ".join(
        russian_word_case(word, case, feminine) if position < declined else word
        for position, word in enumerate(words)
    )


def hebrew_prefixed(text: str, rng: random.Random) -> str:
    """Prefix letters written onto the first word, as Hebrew does: לשרנסקי, ושרנסקי."""
    return rng.choice(HEBREW_PREFIXES) + text


def typo(word: str, rng: random.Random) -> str:
    """One slip of the keyboard in a word of five letters or more: two letters swapped, one
    dropped, one doubled or one replaced by the letter after it."""
    if len(word) < 5:
        return word
    position = rng.randint(1, len(word) - 2)  # first and last letters are rarely wrong
    kind = rng.randrange(4)
    if kind == 0 and word[position] != word[position + 1]:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    if kind == 1:
        return word[:position] + word[position + 1 :]
    if kind == 2:
        return word[:position] + word[position] + word[position:]
    replaced = word[:position] + word[position + 1] + word[position + 1 :]
    return replaced if replaced != word else word[:position] + word[position + 1 :]
