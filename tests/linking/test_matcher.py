"""The matching rules, one case each."""

import pytest

from media_catalog.linking.matcher import AliasSpec, Matcher, TrackContext

SHARANSKY, BEGUN, MOSCOW, HELSINKI, MHG, ACCORDS, NUDEL, KGB, SLEPAK, MARIA = range(1, 11)

AUTHORITY = [
    AliasSpec(SHARANSKY, "person", "Natan Sharansky"),
    AliasSpec(SHARANSKY, "person", "Anatoly Shcharansky"),
    AliasSpec(SHARANSKY, "person", "Щаранский", "ru"),
    AliasSpec(SHARANSKY, "person", "שרנסקי", "he"),
    AliasSpec(BEGUN, "person", "Iosif Begun"),
    AliasSpec(BEGUN, "person", "Иосиф Бегун", "ru"),
    AliasSpec(BEGUN, "person", "Begun", ambiguous=True),
    AliasSpec(MOSCOW, "place", "Moscow"),
    AliasSpec(MOSCOW, "place", "Москва", "ru"),
    AliasSpec(HELSINKI, "place", "Helsinki"),
    AliasSpec(MHG, "organization", "Moscow Helsinki Group"),
    AliasSpec(ACCORDS, "event", "Helsinki Final Act"),
    AliasSpec(ACCORDS, "event", "Helsinki", ambiguous=True),
    AliasSpec(NUDEL, "person", "Ida Nudel"),
    AliasSpec(NUDEL, "person", "Нудель", "ru"),
    AliasSpec(KGB, "organization", "KGB"),
    AliasSpec(KGB, "organization", "КГБ", "ru"),
    AliasSpec(SLEPAK, "person", "Vladimir Slepak"),
    AliasSpec(MARIA, "person", "Maria Slepak"),
]
MATCHER = Matcher(AUTHORITY)


def found(*texts: str) -> list[list[tuple[int, str]]]:
    """Mentions per text, read in order as one track."""
    context = TrackContext()
    return [[(m.entity_id, m.quote) for m in MATCHER.find(t, context)] for t in texts]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sharansky's wife", []),  # "Sharansky" alone is a surname: needs the full name first
        ("Anatoly Shcharansky’s trial", [(SHARANSKY, "Anatoly Shcharansky")]),
        ("они арестовали Щаранского", [(SHARANSKY, "Щаранского")]),
        ("письмо Щаранскому", [(SHARANSKY, "Щаранскому")]),
        ("the Shcharansky case", [(SHARANSKY, "Shcharansky")]),  # Cyrillic alias, Latin text
        ("Iosif Begun was arrested", [(BEGUN, "Iosif Begun")]),
        ("Иосифа Бегуна", [(BEGUN, "Иосифа Бегуна")]),
        ("the Moscow Helsinki Group met", [(MHG, "Moscow Helsinki Group")]),  # longest wins
        ("in Moscow and in Helsinki", [(MOSCOW, "Moscow"), (HELSINKI, "Helsinki")]),
        ("в Москве", [(MOSCOW, "Москве")]),
        ("the KGB and the КГБ", [(KGB, "KGB"), (KGB, "КГБ")]),
        ("Muscovites", []),  # whole words only
        ("the campaign had begun", []),  # an ordinary word
        ("Begun was ready", []),  # capital only because a sentence starts there
        ("we met Begun in Moscow", [(BEGUN, "Begun"), (MOSCOW, "Moscow")]),  # capital mid-sentence
        ("לשרנסקי ולמוסקבה", [(SHARANSKY, "שרנסקי")]),  # Hebrew prefix stays out of the span
    ],
)
def test_single_segments(text: str, expected: list) -> None:
    assert found(text)[0] == expected


def test_surname_and_first_name_after_the_full_name() -> None:
    assert found("Natan Sharansky spoke.", "Later Sharansky and Natan left.") == [
        [(SHARANSKY, "Natan Sharansky")],
        [(SHARANSKY, "Sharansky"), (SHARANSKY, "Natan")],
    ]


def test_partial_names_have_lower_confidence_and_need_capitals() -> None:
    context = TrackContext()
    MATCHER.find("Vladimir Slepak wrote.", context)
    mentions = MATCHER.find("Then Vladimir and Slepak, but not vladimir.", context)
    assert [(m.quote, m.confidence) for m in mentions] == [("Vladimir", 0.6), ("Slepak", 0.6)]


def test_ambiguous_alias_after_a_sure_mention_even_at_sentence_start() -> None:
    assert found("Iosif Begun taught Hebrew.", "Begun was arrested.", "it had begun") == [
        [(BEGUN, "Iosif Begun")],
        [(BEGUN, "Begun")],
        [],
    ]


def test_a_shared_surname_goes_to_the_person_named_before() -> None:
    assert found("Maria Slepak spoke.", "Slepak said no.") == [
        [(MARIA, "Maria Slepak")],
        [(MARIA, "Slepak")],
    ]


def test_unambiguous_entity_wins_a_shared_name() -> None:
    assert found("They signed in Helsinki that year")[0] == [(HELSINKI, "Helsinki")]


def test_fingerprint_follows_the_authority() -> None:
    assert Matcher(AUTHORITY).fingerprint == MATCHER.fingerprint
    assert Matcher(AUTHORITY[:-1]).fingerprint != MATCHER.fingerprint
