"""Word timings: the compact stored form round-trips, and a cue without them is spread by
characters (media_catalog/words.py)."""

from types import SimpleNamespace

from media_catalog import words
from media_catalog.words import Word


def test_encode_decode_round_trip() -> None:
    stored = [Word(1000, 1400, 0, 5, 0.91), Word(1450, 1900, 6, 11, None)]
    assert words.decode(words.encode(stored)) == stored


def test_tokens_keep_names_with_apostrophes_and_hyphens_whole() -> None:
    text = "O'Brien met Бегун-Иванов и לשרנסקי."
    assert [text[a:b] for a, b in words.tokens(text)] == [
        "O'Brien",
        "met",
        "Бегун-Иванов",
        "и",
        "לשרנסקי",
    ]


def test_spread_shares_the_cue_by_characters() -> None:
    spread = words.spread("ab abcd", 1000, 1600)
    assert [(w.start_ms, w.end_ms, w.placed) for w in spread] == [
        (1000, 1200, False),
        (1200, 1600, False),
    ]
    assert words.spread("...", 0, 1000) == []


def test_words_of_prefers_measured_times() -> None:
    segment = SimpleNamespace(text="hello world", start_ms=0, end_ms=2000, word_timings=None)
    assert [w.placed for w in words.words_of(segment)] == [False, False]
    words.set_words(segment, [Word(100, 500, 0, 5, 0.8), Word(700, 1500, 6, 11, 0.9)])
    assert [w.text_in(segment.text) for w in words.words_of(segment)] == ["hello", "world"]
    assert words.words_of(segment)[0].start_ms == 100
    words.set_words(segment, [])
    assert segment.word_timings is None


def test_snap_to_word_boundaries() -> None:
    measured = [Word(100, 500, 0, 5), Word(700, 1500, 6, 11)]
    assert words.snap(measured, 650, edge="start") == 700
    assert words.snap(measured, 650, edge="end") == 500
    assert words.snap([], 650, edge="start") == 650
