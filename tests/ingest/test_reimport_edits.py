"""The catalog's own edits outrank the source files: the re-import matrix. Each field an editor
can change on the web, for each kind of source file that also sets it: the editor's value
survives a re-import of a changed file (changed elsewhere: re-applied silently; changed under
the edit: kept and put up for review, never silently), the audit log says what the re-import
did to each edit, and an editor settles a review with keep or drop."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from media_catalog import edits
from media_catalog.accounts import add_user
from media_catalog.db import transaction
from media_catalog.editing import corrections, entities, tagging
from media_catalog.ingest.batch import import_paths
from media_catalog.models import (
    Annotation,
    AuditEvent,
    Edit,
    Entity,
    MediaItem,
    Segment,
    Transcript,
    User,
)

CLIP = """\
slug: test-clip
kind: archival
title: "{title}"
description: "{description}"
date: "{date}"
rights: "{rights}"
restricted: false
"""
AUTHORITY = """\
kind: person
entities:
  - slug: test-person
    name: "{name}"
    description: "{description}"
    date: "{date}"
    aliases: [Testperson, "{alias}"]
"""
CUES = """\
WEBVTT

00:00:01.000 --> 00:00:04.000
<v {speaker}>{first}

00:00:05.000 --> 00:00:08.000
<v Jane Roe>{second}
"""
ORIGINALS = {
    "clip": {
        "title": "A street in Riga",
        "description": "Footage.",
        "date": "1979",
        "rights": "Demo",
    },
    "authority": {
        "name": "Test Person",
        "description": "A person.",
        "date": "1950",
        "alias": "T. Person",
    },
    "vtt": {
        "speaker": "Jane Roe",
        "first": "We wrote letters to Moscow.",
        "second": "Then the answer came.",
    },
    "sidecar": {"title": "Test interview", "description": "An interview.", "recorded": "2006"},
}


@dataclass
class Case:
    """One editable field of one kind of source: how an editor changes it on the web, and
    what the field reads as afterwards."""

    source: str
    field: str
    edited: object  # the value the editor chose


CASES = [  # every field an editor can change on the web, per source that also sets it
    Case("clip", "title", "A street in Riga, 1979"),
    Case("clip", "date_text", "circa 1978"),
    Case("clip", "rights", "Rights cleared for screenings"),
    Case("clip", "restricted", True),
    Case("sidecar", "title", "Interview with Jane Roe"),
    Case("sidecar", "date_text", "2006-04"),
    Case("sidecar", "restricted", True),
    Case("authority", "name", "Test A. Person"),
    Case("authority", "description", "A person of the movement."),
    Case("authority", "date_text", "1951"),
    Case("authority", "restricted", True),
    Case("authority", "name:T. Person", False),  # a name the editor removed
    Case("vtt", "text", "We wrote letters to the Kremlin."),
    Case("vtt", "speaker", "Jane R."),
    Case("vtt", "restricted", True),
]
# The file's own key for an edited field, where they differ.
SOURCE_KEY = {
    ("clip", "date_text"): "date",
    ("sidecar", "date_text"): "recorded",
    ("authority", "date_text"): "date",
    ("vtt", "text"): "first",
}
# Changes of each source, the first whose key is not the edited field's is made elsewhere.
ELSEWHERE = {
    "clip": [("description", "Other footage."), ("title", "Another street")],
    "sidecar": [("description", "Another interview."), ("title", "Another interview")],
    "authority": [("date", "1949"), ("description", "Someone else.")],
    "vtt": [("second", "Then, at last, the answer came.")],
}
# The source's change of the edited field itself.
UNDER = {
    "title": "A street in Riga at night",
    "date": "1980",
    "recorded": "2007-05",
    "rights": "Public domain",
    "name": "Test B. Person",
    "description": "A person, restored.",
    "first": "We wrote many letters to Moscow.",
    "speaker": "J. Roe",
}


def source_key(case: Case) -> str:
    return SOURCE_KEY.get((case.source, case.field), case.field)


@pytest.fixture
def sources(sessions, write, film, tmp_path):  # type: ignore[no-untyped-def]
    """write_sources(kind, **changes) rewrites a kind of source and imports everything."""
    state = {kind: dict(values) for kind, values in ORIGINALS.items()}

    def write_sources(kind: str | None = None, **changes: str) -> list[str]:
        if kind:
            state[kind].update(changes)
        write("clips/test-clip.yaml", CLIP.format(**state["clip"]))
        write("authority/people.yaml", AUTHORITY.format(**state["authority"]))
        vtt = write("transcripts/test-interview.vtt", CUES.format(**state["vtt"]))
        vtt.with_suffix(".yaml").write_text(
            "media: test-interview\nfilm: test-film\nlanguage: en\nkind: original\n"
            'title: "{title}"\ndescription: "{description}"\nrecorded: "{recorded}"\n'.format(
                **state["sidecar"]
            )
        )
        summary = import_paths(sessions, [tmp_path / "files"], Path(tmp_path / "media"))
        assert not summary.failed, [o.detail for o in summary.failed]
        return [w for o in summary.outcomes for w in o.warnings]

    write_sources()
    with transaction(sessions) as session:
        add_user(session, "ed@example.org", "a long enough secret", "editor")
    return write_sources


def edit_on_the_web(session, case: Case) -> None:  # type: ignore[no-untyped-def]
    editor = session.scalar(select(User).where(User.email == "ed@example.org"))
    if case.source in ("clip", "sidecar"):
        slug = "test-clip" if case.source == "clip" else "test-interview"
        item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
        form = {k: v for k, v in tagging.metadata_state(item).items() if v is not None}
        form[case.field] = case.edited
        if case.field == "restricted":
            form["restriction_note"] = "withdrawn by the rights holder"
        tagging.update_metadata(session, editor, item, item.version, form)
    elif case.source == "authority":
        person = session.scalar(select(Entity).where(Entity.slug == "test-person"))
        if case.field.startswith("name:"):
            alias = next(a for a in person.aliases if a.text == case.field[5:])
            entities.remove_alias(session, editor, person, alias.id)
            return
        form = entities.state(person) | {case.field: case.edited}
        if case.field == "restricted":
            form["restricted"] = "on"
        entities.update_entity(session, editor, person, person.version, form)
    else:
        segment = first_segment(session)
        form = corrections.segment_state(segment) | {case.field: case.edited}
        if case.field == "restricted":
            form["restriction_note"] = "withdrawn by the narrator"
        corrections.correct_segment(session, editor, segment, segment.version, form)


def first_segment(session):  # type: ignore[no-untyped-def]
    return session.scalar(
        select(Segment)
        .join(Transcript)
        .join(MediaItem)
        .where(MediaItem.slug == "test-interview", Segment.start_ms == 1000)
    )


def current(session, case: Case) -> object:  # type: ignore[no-untyped-def]
    if case.source in ("clip", "sidecar"):
        slug = "test-clip" if case.source == "clip" else "test-interview"
        return getattr(session.scalar(select(MediaItem).where(MediaItem.slug == slug)), case.field)
    if case.source == "authority":
        person = session.scalar(select(Entity).where(Entity.slug == "test-person"))
        if case.field.startswith("name:"):
            return case.field[5:] in {a.text for a in person.aliases}
        return getattr(person, case.field)
    return getattr(first_segment(session), case.field)


def audit_actions(session) -> list[str]:  # type: ignore[no-untyped-def]
    """What re-imports did to editors' work, as the audit log tells it."""
    actions = select(AuditEvent.action).where(
        AuditEvent.action.like("edit.%") | AuditEvent.action.like("restriction.%")
    )
    return list(session.scalars(actions))


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.source}-{c.field}")
def test_an_edit_survives_a_source_changed_elsewhere(sessions, sources, case: Case) -> None:
    with transaction(sessions) as session:
        edit_on_the_web(session, case)
    key, value = next(c for c in ELSEWHERE[case.source] if c[0] != source_key(case))
    sources(case.source, **{key: value})
    with sessions() as session:
        assert current(session, case) == case.edited
        assert audit_actions(session), "the re-import says what it did to the edit"
        assert edits.awaiting_review(session) == []


@pytest.mark.parametrize(
    "case", [c for c in CASES if source_key(c) in UNDER], ids=lambda c: f"{c.source}-{c.field}"
)
def test_an_edit_the_source_changed_under_waits_for_review(sessions, sources, case: Case) -> None:
    with transaction(sessions) as session:
        edit_on_the_web(session, case)
    key = source_key(case)
    new_value = UNDER[key]
    warnings = sources(case.source, **{key: new_value})
    with sessions() as session:
        pending = edits.awaiting_review(session)
        assert [e.field for e in pending] == [case.field]
        assert "source changed under your" in (pending[0].reason or "")
        assert "edit.review" in audit_actions(session)
        if case.source == "vtt":  # the corrected words no longer apply: the source's show
            assert current(session, case) == new_value
            assert any("await review" in w for w in warnings)
        else:  # a field keeps the editor's value until someone decides
            assert current(session, case) == case.edited
        edit_id = pending[0].id
    with transaction(sessions) as session:
        editor = session.scalar(select(User).where(User.email == "ed@example.org"))
        edits.decide(session, editor, edit_id, "keep")
    with sessions() as session:
        assert current(session, case) == case.edited
        assert session.get(Edit, edit_id).status == "active"
    # The same file imported again leaves the decision alone.
    sources(case.source, **{key: new_value})
    with sessions() as session:
        assert current(session, case) == case.edited
        assert edits.awaiting_review(session) == []


def test_dropping_an_edit_takes_the_sources_value(sessions, sources) -> None:
    case = Case("clip", "title", "A street in Riga, 1979")
    with transaction(sessions) as session:
        edit_on_the_web(session, case)
    sources("clip", title="A street in Riga at night")
    with transaction(sessions) as session:
        editor = session.scalar(select(User).where(User.email == "ed@example.org"))
        edits.decide(session, editor, edits.awaiting_review(session)[0].id, "drop")
    with sessions() as session:
        assert current(session, case) == "A street in Riga at night"
        assert session.scalars(select(Edit.status)).all() == ["retired"]


def test_a_source_that_comes_to_agree_retires_the_edit(sessions, sources) -> None:
    case = Case("authority", "description", "A person of the movement.")
    with transaction(sessions) as session:
        edit_on_the_web(session, case)
    sources("authority", description="A person of the movement.")
    with sessions() as session:
        assert current(session, case) == "A person of the movement."
        assert session.scalars(select(Edit.status)).all() == ["retired"]
        assert "edit.retired" in audit_actions(session)


def test_a_restriction_made_on_the_web_survives_a_changed_track(sessions, sources) -> None:
    """The incident: restrict a passage, change the .vtt, import: it stayed restricted."""
    with transaction(sessions) as session:
        edit_on_the_web(session, Case("vtt", "restricted", True))
    sources("vtt", first="We wrote many letters to Moscow.", second="And waited.")
    with sessions() as session:
        segment = first_segment(session)
        assert segment.restricted and segment.restriction_note == "withdrawn by the narrator"
        assert segment.text == "We wrote many letters to Moscow."


def test_a_restriction_notes_change_outlives_a_re_import(sessions, sources) -> None:
    with transaction(sessions) as session:
        edit_on_the_web(session, Case("vtt", "restricted", True))
    with transaction(sessions) as session:
        editor = session.scalar(select(User).where(User.email == "ed@example.org"))
        segment = first_segment(session)
        form = corrections.segment_state(segment) | {"restriction_note": "closed until 2040"}
        corrections.correct_segment(session, editor, segment, segment.version, form)
    sources("vtt", second="And waited a long time.")
    with sessions() as session:
        assert first_segment(session).restriction_note == "closed until 2040"


def test_tags_made_on_the_web_survive_re_imports_of_the_clip_and_the_track(
    sessions, sources
) -> None:
    with transaction(sessions) as session:
        editor = session.scalar(select(User).where(User.email == "ed@example.org"))
        for slug in ("test-clip", "test-interview"):
            item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
            tagging.add_tag(
                session,
                editor,
                item,
                start_ms=1_000,
                end_ms=3_000,
                entity_slug="",
                tag="protest",
                note="seen on the web",
                segment_ref="",
                span=None,
            )
    sources("clip", description="Other footage.")
    sources("vtt", second="Then, at last, the answer came.")
    with sessions() as session:
        kept = session.scalars(select(Annotation.note).where(Annotation.tag == "protest")).all()
        assert kept == ["seen on the web", "seen on the web"]
