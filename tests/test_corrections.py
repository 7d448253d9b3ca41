"""Segment corrections keep their history; a restricted passage disappears from every public
view of the interview (page, captions, annotations) while the rest stays public."""

import pytest
from sqlalchemy import select

from media_catalog import audit, catalog
from media_catalog.accounts import add_user
from media_catalog.db import transaction
from media_catalog.editing import corrections
from media_catalog.editing.tagging import EditError
from media_catalog.models import Annotation, MediaItem, Segment, Transcript, User

MEDIA = "interview-historian"


@pytest.fixture
def editing(demo_catalog):  # type: ignore[no-untyped-def]
    with transaction(demo_catalog) as session:
        add_user(session, "ann@example.org", "a long enough secret", "editor")
    return demo_catalog


def ann(session):  # type: ignore[no-untyped-def]
    return session.scalar(select(User).where(User.email == "ann@example.org"))


def mentioned_segment(session):  # type: ignore[no-untyped-def]
    """A segment of the historian's interview with a mention on its words."""
    return session.scalar(
        select(Segment)
        .join(Annotation, Annotation.segment_id == Segment.id)
        .join(Transcript)
        .join(MediaItem)
        .where(MediaItem.slug == MEDIA, Annotation.span_start.is_not(None))
        .limit(1)
    )


def state(segment, **changes):  # type: ignore[no-untyped-def]
    return {**corrections.segment_state(segment), **changes}


def test_a_typo_fix_keeps_its_history_and_the_mentions_follow_their_words(editing) -> None:
    with transaction(editing) as session:
        segment = mentioned_segment(session)
        original = segment.text
        corrections.correct_segment(
            session,
            ann(session),
            segment,
            1,
            state(segment, text="So, " + original, speaker="Narrator"),
        )
        moved = session.scalars(
            select(Annotation).where(
                Annotation.segment_id == segment.id, Annotation.span_start.is_not(None)
            )
        ).all()
        assert all(segment.text[a.span_start : a.span_end] == a.quote for a in moved)
    with editing() as session:
        [event] = audit.history(session, "segment", segment.id)
        assert event.before["text"] == original and event.after["text"] == "So, " + original
        assert event.after["speaker"] == "Narrator" and event.after["version"] == 2
    with editing() as session, pytest.raises(audit.StaleEdit):
        corrections.correct_segment(
            session, ann(session), session.get(Segment, segment.id), 1, state(segment, text="stale")
        )


def test_words_corrected_away_flag_their_mention_for_review(editing) -> None:
    with transaction(editing) as session:
        segment = mentioned_segment(session)
        corrections.correct_segment(
            session, ann(session), segment, 1, state(segment, text="Nothing of that here.")
        )
        flagged = session.scalars(
            select(Annotation).where(
                Annotation.segment_id == segment.id, Annotation.span_start.is_not(None)
            )
        ).all()
        assert flagged and all(a.needs_review for a in flagged)


def test_a_restricted_passage_disappears_from_public_views_only(editing, client) -> None:
    with editing() as session:
        segment = mentioned_segment(session)
        text, ref = segment.text, f"{segment.transcript.language}-{segment.position}"
        with pytest.raises(EditError, match="restriction_note: say why"):
            corrections.correct_segment(
                session, ann(session), segment, 1, state(segment, restricted=True)
            )
    with transaction(editing) as session:
        segment = session.get(Segment, segment.id)
        corrections.correct_segment(
            session,
            ann(session),
            segment,
            1,
            state(segment, restricted=True, restriction_note="withdrawn by the interviewee"),
        )
    page = client.get(f"/media/{MEDIA}").get_data(as_text=True)
    captions = client.get(f"/media/{MEDIA}/captions/{ref.split('-')[0]}.vtt").get_data(as_text=True)
    assert text not in page and text not in captions
    with editing() as session:
        item = catalog.media_item(session, None, MEDIA)
        public = catalog.media_annotations(session, None, item)
        assert segment.id not in {m.annotation.segment_id for m in public}
        assert any(
            m.annotation.segment_id == segment.id
            for m in catalog.media_annotations(session, ann(session), item)
        )
    assert client.get(f"/media/{MEDIA}").status_code == 200  # the rest stays public


def test_the_segment_page_saves_and_shows_history(editing, client, login_as) -> None:
    from bs4 import BeautifulSoup

    login_as("editor")
    with editing() as session:
        segment = mentioned_segment(session)
        ref = f"{segment.transcript.language}-{segment.position}"
    url = f"/media/{MEDIA}/segments/{ref}"
    soup = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    form = soup.select_one("form.segment-form")
    data = {
        i["name"]: i.get("value", "") for i in form.select("input") if i.get("type") != "checkbox"
    }
    data.update({t["name"]: t.get_text() for t in form.select("textarea")})
    data["text"] = data["text"] + " (corrected)"
    assert client.post(url, data=data).status_code == 302
    soup = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    [entry] = soup.select("ol.history li")
    assert (
        "editor@example.org" in entry.get_text()
        and "(corrected)" in entry.select_one("ins").get_text()
    )
    assert client.get(f"/media/{MEDIA}/segments/xx-999").status_code == 404


def test_a_tag_on_the_time_range_of_a_restricted_passage_is_hidden_too(editing) -> None:
    from media_catalog.editing import tagging

    with transaction(editing) as session:
        segment = mentioned_segment(session)
        item = session.scalar(select(MediaItem).where(MediaItem.slug == MEDIA))
        tagging.add_tag(
            session,
            ann(session),
            item,
            start_ms=segment.start_ms + 10,
            end_ms=segment.end_ms - 10,
            tag="inside the passage",
        )
        tagging.add_tag(
            session,
            ann(session),
            item,
            start_ms=0,
            end_ms=max(1, segment.start_ms - 1),
            tag="before it",
        )
        corrections.correct_segment(
            session,
            ann(session),
            segment,
            1,
            state(segment, restricted=True, restriction_note="withdrawn"),
        )
    with editing() as session:
        item = catalog.media_item(session, None, MEDIA)
        public_tags = {m.annotation.tag for m in catalog.media_annotations(session, None, item)}
        assert "inside the passage" not in public_tags and "before it" in public_tags
        editor_tags = {
            m.annotation.tag for m in catalog.media_annotations(session, ann(session), item)
        }
        assert "inside the passage" in editor_tags
