"""Word forms, table-driven: what each form of a word brings (Russian, Hebrew, English), and what
the demo transcripts' vocabulary holds of them."""

import pytest

from media_catalog.config import PROJECT_ROOT
from media_catalog.formats.cues import parse_cues
from media_catalog.search.forms import MAX_FORMS, forms_in, variants
from media_catalog.search.vocabulary import CountedVocabulary


@pytest.fixture(scope="module")
def demo_vocabulary() -> CountedVocabulary:
    """The words of the demo transcripts, each cue a document, as the index counts them."""
    cues = [
        cue.text
        for path in sorted((PROJECT_ROOT / "transcripts").glob("*.[vs][tr][tt]"))
        for cue in parse_cues(path.read_text(encoding="utf-8"), path.suffix[1:]).cues
    ]
    return CountedVocabulary.from_documents(cues)


@pytest.mark.parametrize(
    ("word", "some_forms"),
    [
        # Russian dictionary words: every case and number
        ("бегуна", {"бегун", "бегуну", "бегуном", "бегуне", "бегуны"}),
        ("отказника", {"отказник", "отказники", "отказников", "отказником"}),
        ("отказники", {"отказник", "отказника", "отказникам"}),
        ("москве", {"москва", "москвы", "москву", "москвой"}),
        ("звезды", {"звезда", "звезд"}),  # звёзд, with ё read as е
        # names the dictionary lacks: the matcher's surname rules, run backwards
        ("щаранского", {"щаранский", "щаранскому", "щаранским", "щаранская", "щаранской"}),
        ("щаранскому", {"щаранский", "щаранского"}),
        ("щаранская", {"щаранской", "щаранскую"}),
        ("щаранских", {"щаранский", "щаранские"}),  # plurals from the analyser's guess
        ("нудели", {"нудель"}),
        ("нудель", {"нудели"}),
        ("слепака", {"слепак", "слепаку", "слепаком"}),
        ("лернеру", {"лернер", "лернера"}),
        ("гайдамака", {"гайдамак", "гайдамаку"}),  # й kept where the rules read и
        # Hebrew prefix letters, stripped and added
        ("לשרנסקי", {"שרנסקי", "ושרנסקי", "בשרנסקי", "שלשרנסקי"}),
        ("ושרנסקי", {"שרנסקי", "לשרנסקי"}),
        ("שרנסקי", {"לשרנסקי", "ושרנסקי", "וכששרנסקי", "ומהשרנסקי"}),
        ("בירושלים", {"ירושלים", "מירושלים", "ובירושלים"}),
        ("ירושלים", {"בירושלים", "לירושלים", "מירושלים"}),
        ("הכנסת", {"בכנסת", "לכנסת", "ובכנסת"}),  # the article merges into ב, ל, כ
        ("בכנסת", {"הכנסת", "מהכנסת"}),
        # English plurals both ways
        ("refuseniks", {"refusenik"}),
        ("refusenik", {"refuseniks"}),
        ("families", {"family"}),
        ("family", {"families"}),
        ("boxes", {"box"}),
        ("jews", {"jew"}),
    ],
)
def test_variants_hold_the_other_forms(word: str, some_forms: set[str]) -> None:
    assert some_forms <= variants(word)


@pytest.mark.parametrize(
    ("word", "not_forms"),
    [
        ("щаранского", {"щаранского"}),  # the word itself is not another form
        ("ירושלים", {"ירושלים"}),
        ("his", {"hi"}),  # a stem keeps three letters
        ("was", {"wa"}),
        ("class", {"clas"}),
        ("звезды", {"звёзд"}),  # index form: ё as е
        ("שרנסקי", {"וושרנסקי"}),  # ו joins a prefix once
    ],
)
def test_variants_leave_out(word: str, not_forms: set[str]) -> None:
    assert not_forms & variants(word) == set()


@pytest.mark.parametrize("word", ["1978", "ссср1", "x2", "是"])
def test_numbers_and_other_words_have_no_variants(word: str) -> None:
    assert variants(word) == frozenset()


@pytest.mark.parametrize(
    ("word", "held"),
    [
        # the cases: each found only itself where the transcripts say more
        ("щаранского", ["щаранским", "щаранскому"]),
        ("щаранский", ["щаранского", "щаранским", "щаранскому"]),
        ("нудели", ["нудель"]),
        ("לשרנסקי", ["שרנסקי"]),
        ("ושרנסקי", ["שרנסקי"]),
        ("ירושלים", ["בירושלים"]),
        ("הכנסת", ["בכנסת"]),
        ("бегун", ["бегуна"]),
        ("слепака", ["слепак"]),
        ("москве", ["москва"]),
        ("отказника", ["отказники", "отказником"]),
        ("refuseniks", ["refusenik"]),
        ("families", ["family"]),
    ],
)
def test_forms_the_demo_transcripts_hold(
    demo_vocabulary: CountedVocabulary, word: str, held: list[str]
) -> None:
    assert forms_in(word, demo_vocabulary) == held


def test_forms_come_most_frequent_first_then_alphabetically() -> None:
    vocabulary = CountedVocabulary(бегун=3, бегуна=9, бегуну=3, бегуном=1, бегуны=5, бег=40)
    assert forms_in("бегуна", vocabulary) == ["бегуны", "бегун", "бегуну", "бегуном"]


def test_forms_are_capped() -> None:
    """сказал has over a hundred forms; a search takes the most frequent MAX_FORMS."""
    forms = sorted(variants("сказал"))
    assert len(forms) > MAX_FORMS
    vocabulary = CountedVocabulary({form: n for n, form in enumerate(forms, start=1)})
    assert forms_in("сказал", vocabulary) == forms[::-1][:MAX_FORMS]


def test_a_hebrew_base_counts_only_when_the_index_holds_it() -> None:
    """שלום read as ש + לום would find בלום (Blum): the base לום must be a word of the index."""
    vocabulary = CountedVocabulary(שלום=5, בשלום=2, השלום=4, בלום=3)
    assert forms_in("שלום", vocabulary) == ["השלום", "בשלום"]
    vocabulary["לום"] = 1
    assert forms_in("שלום", CountedVocabulary(vocabulary)) == ["השלום", "בלום", "בשלום", "לום"]


def test_an_absent_word_still_finds_its_held_forms() -> None:
    assert forms_in("щаранскому", CountedVocabulary(щаранский=4)) == ["щаранский"]
    assert forms_in("לשרנסקי", CountedVocabulary(שרנסקי=7)) == ["שרנסקי"]


def test_regular_english_verbs_both_ways() -> None:
    assert {"arrested", "arresting", "arrests"} <= variants("arrest")
    assert {"arrest", "arresting"} <= variants("arrested")
    assert "sentence" in variants("sentenced")
    assert "even" not in variants("evening")  # a word in -ing is often a noun of its own


def test_one_and_two_letter_words_are_searched_as_typed() -> None:
    vocabulary = CountedVocabulary({"к": 5, "как": 9, "ко": 2, "он": 4, "его": 3})
    assert forms_in("к", vocabulary) == [] and forms_in("он", vocabulary) == []
