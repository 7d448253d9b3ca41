import pytest

from media_catalog.linking.inflection import nominatives, phrase_forms, word_forms
from media_catalog.linking.normalise import fold, fold_key, latin_spellings


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Sharansky’s", "sharansky s"),
        ("Jackson–Vanik", "jackson vanik"),
        ("ÉCOLE Zürich", "ecole zurich"),
        ("Щаранского", "щаранского"),
        ("Ёлка", "елка"),
        ("ירושלים", "ירושלימ"),  # final mem folded to mem, so prefixes and finals meet
    ],
)
def test_fold_keeps_length(text: str, folded: str) -> None:
    result, index_map = fold(text)
    assert result == folded and index_map is None and len(result) == len(text)


def test_fold_drops_combining_marks_and_maps_back() -> None:
    text = "שָׁלוֹם Nudel"
    folded, index_map = fold(text)
    assert folded == "שלומ nudel"
    assert index_map is not None
    assert text[index_map[folded.index("nudel")] :] == "Nudel"


@pytest.mark.parametrize(
    ("alias", "spelling"),
    [
        ("Щаранский", "shcharansky"),
        ("Иосиф Бегун", "iosif begun"),
        ("Юлий Эдельштейн", "yuli edelshtein"),
        ("Михаил Горбачёв", "mikhail gorbachev"),
    ],
)
def test_latin_spellings_of_cyrillic_names(alias: str, spelling: str) -> None:
    assert spelling in latin_spellings(fold_key(alias))


@pytest.mark.parametrize(
    ("nominative", "forms"),
    [
        ("Щаранский", {"щаранского", "щаранскому", "щаранским", "щаранском"}),
        ("Нудель", {"нудели"}),
        ("Слепак", {"слепака", "слепаку", "слепаком", "слепаке"}),
        ("Кузнецов", {"кузнецова", "кузнецову", "кузнецовым"}),
        ("Москва", {"москвы", "москве", "москву", "москвои"}),
        ("Анатолий", {"анатолия", "анатолию", "анатолием"}),
    ],
)
def test_russian_case_forms(nominative: str, forms: set[str]) -> None:
    assert forms <= word_forms(fold_key(nominative))


def test_phrase_forms_decline_every_word_together() -> None:
    assert {"иду нудель", "иды нудели", "натана щаранского"} <= (
        phrase_forms(fold_key("Ида Нудель")) | phrase_forms(fold_key("Натан Щаранский"))
    )


# One nominative for each rule of word_forms.
NOMINATIVES = [
    "Щаранский", "Толстой", "Ленинградское", "Шестидневная", "Анатолий", "Кузнецов", "Путин",
    "Слепак", "Бегун", "Нудель", "дело", "Овражки", "Сокольники", "Москва", "Рига", "Мария",
]  # fmt: skip


@pytest.mark.parametrize("nominative", NOMINATIVES)
def test_nominatives_run_every_rule_backwards(nominative: str) -> None:
    folded = fold_key(nominative)
    assert [f for f in sorted(word_forms(folded)) if folded not in nominatives(f)] == []


@pytest.mark.parametrize(
    ("form", "nominative"),
    [("щаранского", "щаранскии"), ("нудели", "нудель"), ("слепаку", "слепак"), ("иды", "ида")],
)
def test_nominatives_of_case_forms(form: str, nominative: str) -> None:
    assert nominative in nominatives(form)
