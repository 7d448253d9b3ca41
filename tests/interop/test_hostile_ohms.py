"""Hostile OHMS files and cuts: mutated versions of the test files (characters cut out, digits
changed, elements duplicated, times and sync marks scrambled) either import whole or fail with
an IngestError naming the file, and a failure leaves every table exactly as it was. Derandomized
Hypothesis, few examples, so CI stays deterministic and fast."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ohms_samples import OHMS_54, OHMS_60

from media_catalog.db import transaction
from media_catalog.errors import IngestError
from media_catalog.ingest.filmcut import import_cut
from media_catalog.interop.ohms_import import import_ohms

HOSTILE = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _mutate(text: str, data: st.DataObject) -> str:
    kind = data.draw(st.sampled_from(["cut", "digits", "duplicate", "sync", "insert"]))
    if kind == "cut":
        start = data.draw(st.integers(0, len(text) - 1))
        return text[:start] + text[start + data.draw(st.integers(1, 60)) :]
    if kind == "digits":
        digits = [m.start() for m in re.finditer(r"\d", text)]
        at = data.draw(st.sampled_from(digits))
        return (
            text[:at]
            + data.draw(st.sampled_from("0123456789")) * data.draw(st.integers(1, 12))
            + text[at + 1 :]
        )
    if kind == "duplicate":
        tags = re.findall(
            r"<point>.*?</point>|<sync>.*?</sync>|<time>.*?</time>|<duration>.*?</duration>", text
        )
        if not tags:
            return text
        chosen = data.draw(st.sampled_from(tags))
        return text.replace(chosen, chosen + chosen, 1)
    if kind == "sync":
        marks = data.draw(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=8))
        head = data.draw(st.sampled_from(["1", "0", "2", "x", ""]))
        sync = f"{head}:|" + "|".join(f"{line}({word})" for line, word in marks)
        return re.sub(r"<sync>.*?</sync>", f"<sync>{sync}</sync>", text, count=1)
    at = data.draw(st.integers(0, len(text)))
    return text[:at] + data.draw(st.text(max_size=20)) + text[at:]


def _survives(sessions, snapshot, path, action) -> None:  # type: ignore[no-untyped-def]
    before = snapshot()
    try:
        with transaction(sessions) as session:
            action(session)
    except IngestError as exc:
        assert str(path) in str(exc)
        assert snapshot() == before


@HOSTILE
@given(data=st.data(), sample=st.sampled_from([OHMS_54, OHMS_60]))
def test_mutated_ohms_files_import_whole_or_change_nothing(
    empty_catalog, write, snapshot, data, sample
) -> None:
    path = write("hostile.xml", _mutate(sample, data))
    _survives(empty_catalog, snapshot, path, lambda session: import_ohms(session, path))


EDL = """\
TITLE: HOSTILE
FCM: NON-DROP FRAME

001  HIST01   V     C        01:00:10:00 01:00:20:00 01:00:00:00 01:00:10:00
002  UNKNOWN1 V     C        00:00:00:00 00:00:05:00 01:00:10:00 01:00:15:00
"""


@HOSTILE
@given(data=st.data())
def test_mutated_edls_import_whole_or_change_nothing(film, write, snapshot, sessions, data) -> None:
    path = write("hostile.edl", _mutate(EDL, data))
    _survives(sessions, snapshot, path, lambda session: import_cut(session, film, path))
