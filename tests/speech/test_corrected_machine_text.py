"""A machine transcript corrected in the editor keeps its history, and its measured word times
follow the words the correction kept; typed-in words get times between them, no confidence."""

from __future__ import annotations

from speechkit import add_item
from sqlalchemy import select

from media_catalog import audit
from media_catalog.accounts import add_user
from media_catalog.db import transaction
from media_catalog.editing import corrections
from media_catalog.models import Segment
from media_catalog.speech import Heard
from media_catalog.speech.machine import store_machine_transcript
from media_catalog.words import words_of

HEARD = [
    Heard("they", 1000, 1200, 0.9),
    Heard("flu", 1200, 1500, 0.4),
    Heard("from", 1500, 1700, 0.95),
    Heard("moscow", 1700, 2300, 0.99),
]


def test_a_corrected_machine_segment_keeps_history_and_word_times(sessions) -> None:
    add_item(sessions, "heard", None)
    with transaction(sessions) as session:
        store_machine_transcript(session, "heard", "en", "pocketsphinx", HEARD)
        editor = add_user(session, "ed@example.org", "correct horse 12", "editor", "Ed")
    with transaction(sessions) as session:
        segment = session.scalars(select(Segment)).one()
        state = {**corrections.segment_state(segment), "text": "They flew out from Moscow"}
        corrections.correct_segment(session, editor, segment, 1, state)
    with sessions() as session:
        segment = session.scalars(select(Segment)).one()
        words = [
            (w.text_in(segment.text), w.start_ms, w.end_ms, w.confidence) for w in words_of(segment)
        ]
        [event] = audit.history(session, "segment", segment.id)
    assert event.before["text"] == "they flu from moscow"
    assert words[0] == ("They", 1000, 1200, 0.9)
    assert words[3:] == [("from", 1500, 1700, 0.95), ("Moscow", 1700, 2300, 0.99)]
    flew, out = words[1], words[2]
    assert (flew[0], out[0]) == ("flew", "out") and flew[3] is None and out[3] is None
    assert 1200 <= flew[1] < flew[2] <= out[1] < out[2] <= 1500
