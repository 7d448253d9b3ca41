"""Editors manage entities: fields checked by name, versions refuse a stale save, names edited in
place reach search at once, a merge moves every annotation (an editor's decision winning over a
suggestion at the same words), and merged or deleted records stay retired through re-imports."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from media_catalog import audit, search
from media_catalog.db import transaction
from media_catalog.editing import entities as entity_editing
from media_catalog.editing import tagging
from media_catalog.ingest.batch import import_paths
from media_catalog.models import (
    Annotation,
    AuditEvent,
    Entity,
    MediaItem,
    RetiredEntity,
    Segment,
)


def entity(session, slug):  # type: ignore[no-untyped-def]
    return session.scalar(select(Entity).where(Entity.slug == slug))


def test_create_names_a_wrong_field_and_makes_slugs_from_any_script(demo_catalog) -> None:
    with transaction(demo_catalog) as session:
        with pytest.raises(entity_editing.EntityEditError) as caught:
            entity_editing.create_entity(session, None, {"kind": "person", "name": "  "})
        assert caught.value.field == "name"
        for form, field in [
            ({"kind": "planet", "name": "Mars"}, "kind"),
            ({"kind": "person", "name": "X", "wikidata_id": "42"}, "wikidata_id"),
            ({"kind": "person", "name": "X", "date_text": "the day after"}, "date"),
        ]:
            with pytest.raises(entity_editing.EntityEditError) as caught:
                entity_editing.create_entity(session, None, form)
            assert caught.value.field == field
        hebrew = entity_editing.create_entity(
            session, None, {"kind": "person", "name": "יוסף בגון"}
        )
        again = entity_editing.create_entity(session, None, {"kind": "person", "name": "יוסף בגון"})
        ida = entity_editing.create_entity(
            session, None, {"kind": "person", "name": "Ida Nudel", "date_text": "1931"}
        )
    assert (hebrew.slug, again.slug) == ("entity-2", "entity-3")
    assert ida.slug == "ida-nudel-2"  # the demo's Ida Nudel holds "ida-nudel"
    assert (ida.date_start, ida.date_end) == ("1931-01-01", "1931-12-31")


def test_a_stale_entity_save_is_refused_with_the_other_change(demo_catalog) -> None:
    with transaction(demo_catalog) as session:
        ida = entity(session, "ida-nudel")
        form = entity_editing.state(ida) | {"description": "First editor's words."}
        entity_editing.update_entity(session, None, ida, 1, form)
    with pytest.raises(audit.StaleEdit) as caught, transaction(demo_catalog) as session:
        ida = entity(session, "ida-nudel")
        entity_editing.update_entity(session, None, ida, 1, form | {"description": "Second."})
    assert "First editor's words." in str(caught.value)
    with demo_catalog() as session:
        assert entity(session, "ida-nudel").description == "First editor's words."


def test_a_name_added_or_renamed_in_place_is_searchable_at_once(demo_catalog) -> None:
    with demo_catalog() as session:  # warm the name cache
        assert not search.search(session, None, '"Ирина Нудель"').named_entities
    with transaction(demo_catalog) as session:
        entity_editing.add_alias(session, None, entity(session, "ida-nudel"), "Ирина Нудель", "ru")
    with demo_catalog() as session:
        found = search.search(session, None, '"Ирина Нудель"')
        assert found.named_entities == [("ida-nudel", "Ida Nudel")]
        assert found.total_hits  # the name stands for Ida Nudel's other names and moments
    with transaction(demo_catalog) as session:  # renamed in place: same counts, same ids
        ida = entity(session, "ida-nudel")
        form = entity_editing.state(ida) | {"name": "Ida Yakovlevna Nudel"}
        entity_editing.update_entity(session, None, ida, ida.version, form)
    with demo_catalog() as session:
        found = search.search(session, None, '"Ida Yakovlevna Nudel"')
        assert found.named_entities == [("ida-nudel", "Ida Yakovlevna Nudel")]


def test_adding_and_removing_names_is_checked_and_audited(demo_catalog) -> None:
    with transaction(demo_catalog) as session:
        ida = entity(session, "ida-nudel")
        with pytest.raises(entity_editing.EntityEditError, match="already goes by"):
            entity_editing.add_alias(session, None, ida, "Nudel")
        with pytest.raises(entity_editing.EntityEditError) as caught:
            entity_editing.add_alias(session, None, ida, "Ida", "not a tag")
        assert caught.value.field == "language"
        alias = entity_editing.add_alias(session, None, ida, "И. Нудель", "ru")
        version = ida.version
        entity_editing.remove_alias(session, None, ida, alias.id)
        assert ida.version == version + 1
    with demo_catalog() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_type == "entity")
        ).all()
        assert actions == ["alias.added", "alias.removed"]


@pytest.fixture
def duplicate(demo_catalog):  # type: ignore[no-untyped-def]
    """A second record of Ida Nudel made by an editor, with a decision at the same words as one
    of the machine's suggestions for the first, a tag of its own, a speaker link and a name."""
    with transaction(demo_catalog) as session:
        ida = entity(session, "ida-nudel")
        dup = entity_editing.create_entity(
            session, None, {"kind": "person", "name": "Ida Y. Nudel", "description": "Dup."}
        )
        entity_editing.add_alias(session, None, dup, "Ида Яковлевна Нудель", "ru")
        twin = session.scalars(
            select(Annotation)
            .where(Annotation.entity_id == ida.id, Annotation.segment_id.is_not(None))
            .order_by(Annotation.id)
        ).first()
        twin.status, twin.origin = "suggested", "auto"
        session.add(
            Annotation(
                media_item_id=twin.media_item_id,
                start_ms=twin.start_ms,
                end_ms=twin.end_ms,
                segment_id=twin.segment_id,
                span_start=twin.span_start,
                span_end=twin.span_end,
                quote=twin.quote,
                entity_id=dup.id,
                origin="editor",
                status="confirmed",
                author="ann@example.org",
            )
        )
        media = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-historian"))
        tagging_user = None
        tag = tagging.add_tag(
            session,
            tagging_user or _editor(session),
            media,
            start_ms=1_000,
            end_ms=2_000,
            entity_slug=dup.slug,
        )
        segment = session.scalars(select(Segment).order_by(Segment.id)).first()
        segment.speaker_entity_id = dup.id
        ids = {"dup": dup.id, "twin": twin.id, "tag": tag.id, "segment": segment.id}
    return demo_catalog, ids


def _editor(session):  # type: ignore[no-untyped-def]
    from media_catalog.accounts import add_user

    return add_user(session, "ann@example.org", "a long enough secret", "editor")


def test_merge_moves_every_annotation_name_and_speaker_link(duplicate) -> None:
    sessions, ids = duplicate
    with sessions() as session:
        before = session.scalar(
            select(func.count(Annotation.id)).where(
                Annotation.entity_id == entity(session, "ida-nudel").id
            )
        )
    with transaction(sessions) as session:
        ida, dup = entity(session, "ida-nudel"), session.get(Entity, ids["dup"])
        summary = entity_editing.merge_entities(session, None, ida, dup)
    assert summary == {"moved": 1, "duplicates": 1, "speakers": 1, "aliases": 2}
    with sessions() as session:
        ida = entity(session, "ida-nudel")
        assert session.get(Entity, ids["dup"]) is None
        assert (
            session.scalar(select(func.count(Annotation.id)).where(Annotation.entity_id == ida.id))
            == before + 1
        )  # the tag moved; the twin was folded, not doubled
        twin = session.get(Annotation, ids["twin"])
        assert (twin.status, twin.origin, twin.author) == ("confirmed", "editor", "ann@example.org")
        assert session.get(Annotation, ids["tag"]).entity_id == ida.id
        assert session.get(Segment, ids["segment"]).speaker_entity_id == ida.id
        names = {a.text for a in ida.aliases}
        assert {"Ida Y. Nudel", "Ида Яковлевна Нудель"} <= names
        assert entity_editing.redirect_for(session, "ida-y-nudel").slug == "ida-nudel"
        merge = session.scalars(select(AuditEvent).where(AuditEvent.action == "merge")).one()
        assert merge.after == summary and merge.before["slug"] == "ida-y-nudel"


def test_merge_refuses_the_same_entity_and_different_kinds(demo_catalog) -> None:
    with transaction(demo_catalog) as session:
        ida = entity(session, "ida-nudel")
        with pytest.raises(entity_editing.EntityEditError):
            entity_editing.merge_entities(session, None, ida, ida)
        place = session.scalar(select(Entity).where(Entity.kind == "place"))
        with pytest.raises(entity_editing.EntityEditError, match="cannot be merged"):
            entity_editing.merge_entities(session, None, ida, place)


def test_delete_needs_the_name_and_takes_the_annotations(duplicate) -> None:
    sessions, ids = duplicate
    with pytest.raises(entity_editing.EntityEditError), transaction(sessions) as session:
        entity_editing.delete_entity(session, None, session.get(Entity, ids["dup"]), "Ida")
    with transaction(sessions) as session:
        what = entity_editing.delete_entity(
            session, None, session.get(Entity, ids["dup"]), " Ida Y.  Nudel "
        )
    assert (what.annotations, what.confirmed, what.speaker_segments) == (2, 2, 1)
    with sessions() as session:
        assert session.get(Annotation, ids["tag"]) is None
        assert session.get(Segment, ids["segment"]).speaker_entity_id is None
        assert entity_editing.redirect_for(session, "ida-y-nudel") is None
        assert session.scalar(select(RetiredEntity.name)) == "Ida Y. Nudel"


def test_retired_records_stay_retired_when_their_authority_file_returns(
    demo_catalog, write
) -> None:
    text = """\
        kind: person
        entities:
          - slug: ida-nudel-twin
            name: Ida Nudel (twin record)
            aliases: [Nudel-Twin]
          - slug: gone-person
            name: Someone Deleted
        """
    path = write("people-extra.yaml", text)
    import_paths(demo_catalog, [path], Path("."))
    with transaction(demo_catalog) as session:
        entity_editing.merge_entities(
            session, None, entity(session, "ida-nudel"), entity(session, "ida-nudel-twin")
        )
        entity_editing.delete_entity(
            session, None, entity(session, "gone-person"), "Someone Deleted"
        )
    write("people-extra.yaml", text + "# edited\n")
    summary = import_paths(demo_catalog, [path], Path("."))
    assert not summary.failed
    with demo_catalog() as session:
        assert entity(session, "ida-nudel-twin") is None
        assert entity(session, "gone-person") is None
        assert "Nudel-Twin" in {a.text for a in entity(session, "ida-nudel").aliases}
