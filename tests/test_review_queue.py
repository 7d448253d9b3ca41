"""The review queue's decisions: confirm, reject, re-assign, different person, bulk; versions
refuse stale saves (two editors on one annotation); everything audited; re-linking keeps it."""

import pytest
from sqlalchemy import func, select

from media_catalog import audit
from media_catalog.accounts import add_user
from media_catalog.db import transaction
from media_catalog.editing import review_queue
from media_catalog.linking.relink import link
from media_catalog.models import Annotation, AuditEvent, User

PASSWORD = "a long enough secret"
MEDIA = "interview-historian"


@pytest.fixture
def editors(demo_catalog):  # type: ignore[no-untyped-def]
    with transaction(demo_catalog) as session:
        add_user(session, "ann@example.org", PASSWORD, "editor")
        add_user(session, "ben@example.org", PASSWORD, "editor")
    return demo_catalog


def editor(session, email="ann@example.org"):  # type: ignore[no-untyped-def]
    return session.scalar(select(User).where(User.email == email))


def first_suggestion(session, entity_slug=None):  # type: ignore[no-untyped-def]
    rows = review_queue.suggestions(session, editor(session), MEDIA)
    return next(r for r in rows if entity_slug is None or r.entity.slug == entity_slug)


def test_the_queue_groups_suggestions_by_entity_and_by_media(editors) -> None:
    with editors() as session:
        rows = review_queue.suggestions(session, editor(session))
        assert rows and all(r.annotation.status == "suggested" for r in rows)
        by_entity = review_queue.group_by_entity(rows)
        assert sum(len(g) for _e, g in by_entity) == len(rows)
        assert all(r.entity.id == e.id for e, group in by_entity for r in group)
        by_media = review_queue.group_by_media(rows)
        assert {m.slug for m, _g in by_media} >= {MEDIA}
        public = {r.media.slug for r in review_queue.suggestions(session, None)}
        assert "refusenik-seminar-moscow-flat-circa-1978" not in public


@pytest.mark.parametrize(
    ("action", "status", "note"),
    [
        ("confirm", "confirmed", None),
        ("reject", "rejected", None),
        ("different_person", "rejected", review_queue.DIFFERENT_PERSON),
    ],
)
def test_a_decision_bumps_the_version_and_is_audited(editors, action, status, note) -> None:
    with transaction(editors) as session:
        row = first_suggestion(session)
        decided = review_queue.decide(session, editor(session), row.annotation.id, 1, action)
        assert (decided.status, decided.origin, decided.version, decided.note) == (
            status,
            "editor",
            2,
            note,
        )
    with editors() as session:
        [event] = audit.history(session, "annotation", row.annotation.id)
        assert (event.actor, event.before["status"], event.after["status"]) == (
            "ann@example.org",
            "suggested",
            status,
        )
        assert event.after["version"] == 2


def test_two_editors_on_one_annotation_one_wins_the_other_sees_the_change(editors) -> None:
    with editors() as session:
        annotation_id = first_suggestion(session).annotation.id
    # Both loaded version 1; Ann saves first.
    with transaction(editors) as session:
        review_queue.decide(session, editor(session), annotation_id, 1, "confirm")
    with editors() as session, pytest.raises(audit.StaleEdit) as conflict:
        review_queue.decide(session, editor(session, "ben@example.org"), annotation_id, 1, "reject")
    assert (
        conflict.value.current["status"] == "confirmed" and conflict.value.current["version"] == 2
    )
    message = str(conflict.value)
    assert "ann@example.org" in message and "'suggested' → 'confirmed'" in message
    assert conflict.value.as_json()["changed_by"] == "ann@example.org"
    with editors() as session:  # nothing lost, nothing overwritten
        assert session.get(Annotation, annotation_id).status == "confirmed"
        # Ben, having seen Ann's change, can still decide otherwise on the new version.
    with transaction(editors) as session:
        review_queue.decide(session, editor(session, "ben@example.org"), annotation_id, 2, "reject")
    with editors() as session:
        actors = [e.actor for e in reversed(audit.history(session, "annotation", annotation_id))]
        assert actors == ["ann@example.org", "ben@example.org"]


def test_reassigning_rejects_the_suggestion_and_confirms_the_right_entity(editors) -> None:
    with transaction(editors) as session:
        row = first_suggestion(session)
        target = "ida-nudel" if row.entity.slug != "ida-nudel" else "natan-sharansky"
        moved = review_queue.decide(
            session, editor(session), row.annotation.id, 1, "reassign", target
        )
        assert (moved.entity.slug, moved.status, moved.origin) == (target, "confirmed", "editor")
        assert (moved.segment_id, moved.span_start) == (
            row.annotation.segment_id,
            row.annotation.span_start,
        )
        original = session.get(Annotation, row.annotation.id)
        assert original.status == "rejected" and original.note == f"re-assigned to {target}"
    with editors() as session, pytest.raises(Exception, match="no entity 'nobody'"):
        review_queue.decide(
            session,
            editor(session),
            first_suggestion(session).annotation.id,
            1,
            "reassign",
            "nobody",
        )


def test_confirm_all_mentions_of_one_entity_in_one_item(editors) -> None:
    with editors() as session:
        rows = review_queue.suggestions(session, editor(session), MEDIA)
        entity, group = review_queue.group_by_entity(rows)[0]
    with transaction(editors) as session:
        assert review_queue.confirm_all(session, editor(session), MEDIA, entity.slug) == len(group)
    with editors() as session:
        left = [
            r
            for r in review_queue.suggestions(session, editor(session), MEDIA)
            if r.entity.id == entity.id
        ]
        assert left == []
        events = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.object_type == "annotation")
        )
        assert events == len(group)


def test_relinking_keeps_every_editor_decision(editors) -> None:
    with transaction(editors) as session:
        rows = review_queue.suggestions(session, editor(session), MEDIA)
        confirmed, rejected, moved = rows[0], rows[1], rows[2]
        review_queue.decide(session, editor(session), confirmed.annotation.id, 1, "confirm")
        review_queue.decide(session, editor(session), rejected.annotation.id, 1, "reject")
        target = "ida-nudel" if moved.entity.slug != "ida-nudel" else "natan-sharansky"
        review_queue.decide(session, editor(session), moved.annotation.id, 1, "reassign", target)
    with transaction(editors) as session:
        link(session, force=True)
    with editors() as session:
        assert session.get(Annotation, confirmed.annotation.id).status == "confirmed"
        assert session.get(Annotation, rejected.annotation.id).status == "rejected"
        again = session.scalars(
            select(Annotation).where(
                Annotation.segment_id == moved.annotation.segment_id,
                Annotation.entity_id == moved.entity.id,
                Annotation.status == "suggested",
            )
        ).all()
        assert again == []


@pytest.mark.parametrize("who", ["editor", None])
def test_pages_of_the_queue_are_the_whole_queue_in_order(editors, who) -> None:
    """Read page by page through each media item's count, the queue is every suggestion once,
    by media item title and time, as one sort of them all gives it."""
    from media_catalog.models import MediaItem

    with editors() as session:
        user = editor(session) if who else None
        everything = session.scalars(
            review_queue._suggested(user, None, Annotation.id)
            .order_by(MediaItem.title, MediaItem.id, Annotation.start_ms, Annotation.span_start)
            .order_by(Annotation.id)
        ).all()
        assert len(everything) > 60
        paged = []
        for offset in range(0, len(everything) + 7, 7):
            paged += [
                r.annotation.id for r in review_queue.suggestions(session, user, None, 7, offset)
            ]
        assert paged == everything
        assert review_queue.suggestion_count(session, user) == len(everything)
