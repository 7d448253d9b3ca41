"""Search answers kept until the catalog changes: the catalog's revision moves on with every
committed write (ORM, Core and raw SQL alike, never on a rollback or a read), a kept answer is
served again only under the same revision, a passage restricted a moment ago is gone from the
next answer, and signed-in viewers (who may hold grants) are always answered fresh."""

import re

from sqlalchemy import select, text

from media_catalog import revision
from media_catalog.accounts import add_user
from media_catalog.db import insert_rows, transaction
from media_catalog.editing import corrections
from media_catalog.models import Alias, MediaItem, Segment, Transcript, User
from media_catalog.search import Filters
from media_catalog.search.cache import cached_search

MEDIA = "interview-historian"


def current(sessions):  # type: ignore[no-untyped-def]
    with sessions() as session:
        return revision.current(session)


def a_segment(session):  # type: ignore[no-untyped-def]
    """A segment of the historian's interview and a word only it holds (in the demo catalog)."""
    segments = session.scalars(
        select(Segment)
        .join(Transcript)
        .join(MediaItem)
        .where(MediaItem.slug == MEDIA)
        .order_by(Segment.position)
    ).all()
    counts: dict[str, int] = {}
    for segment in session.scalars(select(Segment)):
        for word in set(re.findall(r"[a-z]{7,}", segment.text.lower())):
            counts[word] = counts.get(word, 0) + 1
    for segment in segments:
        for word in re.findall(r"[a-z]{7,}", segment.text.lower()):
            if counts[word] == 1:
                return segment, word
    raise AssertionError("no word unique to one segment")


def test_every_committed_write_moves_the_revision_on_and_nothing_else_does(
    demo_catalog, app
) -> None:
    epoch, start = current(demo_catalog)
    with demo_catalog() as session:  # reading changes nothing
        session.scalars(select(Segment)).all()
        session.commit()
    assert current(demo_catalog) == (epoch, start)
    with transaction(demo_catalog) as session:  # the ORM
        session.get(MediaItem, 1).title = "Renamed"
    assert current(demo_catalog) == (epoch, start + 1)
    engine = app.extensions["media_catalog"]["engine"]
    with engine.begin() as connection:  # Core and the bulk insert path
        insert_rows(
            connection, Alias.__table__, ["entity_id", "text", "ambiguous"], [(1, "X", False)]
        )
    assert current(demo_catalog) == (epoch, start + 2)
    with engine.connect() as connection:  # a rollback leaves it
        connection.execute(text("UPDATE media_items SET title = 'Gone'"))
        connection.rollback()
    assert current(demo_catalog) == (epoch, start + 2)


def test_a_kept_answer_is_served_until_a_restriction_takes_the_passage_away(
    demo_catalog, client
) -> None:
    with demo_catalog() as session:
        segment, word = a_segment(session)
        segment_id = segment.id
    assert client.get(f"/api/v1/search?q={word}").status_code == 200  # kept from now on
    first = client.get(f"/api/v1/search?q={word}").get_json()
    assert MEDIA in {g["media"]["slug"] for g in first["groups"]}
    with demo_catalog() as session:
        kept = cached_search(session, None, word, Filters(), 1, 10)
        assert cached_search(session, None, word, Filters(), 1, 10) is kept
    with transaction(demo_catalog) as session:
        editor = add_user(session, "ann@example.org", "a long enough secret", "editor")
        segment = session.get(Segment, segment_id)
        form = {
            "text": segment.text,
            "speaker": segment.speaker,
            "restricted": "1",
            "restriction_note": "withdrawn by the interviewee",
        }
        corrections.correct_segment(session, editor, segment, segment.version, form)
    answer = client.get(f"/api/v1/search?q={word}").get_json()
    assert MEDIA not in {g["media"]["slug"] for g in answer["groups"]}
    page = client.get(f"/search?q={word}").get_data(as_text=True)
    assert f"/media/{MEDIA}?" not in page
    with demo_catalog() as session:
        assert cached_search(session, None, word, Filters(), 1, 10) is not kept


def test_signed_in_viewers_are_answered_fresh_and_editors_share_answers(demo_catalog) -> None:
    with transaction(demo_catalog) as session:
        add_user(session, "vera@example.org", "a long enough secret", "viewer")
        add_user(session, "ann@example.org", "a long enough secret", "editor")
        add_user(session, "ben@example.org", "a long enough secret", "admin")
    with demo_catalog() as session:
        vera, ann, ben = (
            session.scalar(select(User).where(User.email == email))
            for email in ("vera@example.org", "ann@example.org", "ben@example.org")
        )
        viewer = [cached_search(session, vera, "Moscow", Filters(), 1, 10) for _ in range(2)]
        assert viewer[0] is not viewer[1]
        editors = [cached_search(session, who, "Moscow", Filters(), 1, 10) for who in (ann, ben)]
        assert editors[0] is editors[1]
        assert cached_search(session, None, "Moscow", Filters(), 1, 10) is not editors[0]


def test_a_restored_database_is_another_catalog(demo_catalog, app, tmp_path) -> None:
    from media_catalog import backup

    engine = app.extensions["media_catalog"]["engine"]
    before = current(demo_catalog)
    backup.backup(engine, tmp_path / "catalog.backup")
    backup.restore(engine, tmp_path / "catalog.backup", force=True)
    after = current(demo_catalog)
    assert after[0] != before[0]
