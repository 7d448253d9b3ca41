"""Persistent identifiers: every film, media item, segment, entity and reel has one, it survives
a slug change and a re-import, old addresses answer 301, and the resolver answers exactly as the
page would (404 for what the visitor may not see)."""

import shutil
from pathlib import Path

import pytest
from conftest import csrf_token_of
from sqlalchemy import func, select

from media_catalog import reels, slugs
from media_catalog.db import transaction
from media_catalog.errors import FieldError
from media_catalog.identifiers import PID_RE, new_pid, normalise_pid
from media_catalog.ingest.batch import import_paths
from media_catalog.models import (
    Entity,
    Film,
    MediaItem,
    Segment,
    SlugHistory,
    Transcript,
    User,
)

RESTRICTED_ITEM = "refusenik-seminar-moscow-flat-circa-1978"
PASSAGE_ITEM = "interview-refusenik"  # a restricted passage 4:33.932–5:18.813
CLIP = "arrival-lod-airport-1971"


def _item(session, slug: str) -> MediaItem:  # type: ignore[no-untyped-def]
    return session.scalar(select(MediaItem).where(MediaItem.slug == slug))


@pytest.mark.parametrize("model", [Film, MediaItem, Segment, Entity])
def test_every_imported_record_has_a_unique_identifier(demo_catalog, model) -> None:  # type: ignore[no-untyped-def]
    with demo_catalog() as session:
        pids = list(session.scalars(select(model.pid)))
    assert pids and all(pid and PID_RE.match(pid) for pid in pids)
    assert len(set(pids)) == len(pids)


def test_a_new_reel_gets_one(demo_catalog, add_user) -> None:  # type: ignore[no-untyped-def]
    add_user("editor")
    with transaction(demo_catalog) as session:
        owner = session.scalar(select(User).where(User.email == "editor@example.org"))
        reel = reels.create_reel(session, owner, "Selects")
        assert reel.pid and PID_RE.match(reel.pid)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("ABCD-EFGH-JKMN-PQRS", "abcdefghjkmnpqrs"), ("0o1i1l" + "0" * 10, "001111" + "0" * 10)],
)
def test_typed_identifiers_are_read_as_crockford_base32(typed: str, stored: str) -> None:
    assert normalise_pid(typed) == stored
    assert normalise_pid("short") is None and normalise_pid("u" * 16) is None
    assert new_pid() != new_pid() and PID_RE.match(new_pid())


def _rename(sessions, model, slug: str, new: str) -> str:  # type: ignore[no-untyped-def]
    with transaction(sessions) as session:
        record = session.scalar(select(model).where(model.slug == slug))
        slugs.rename(session, "editor@example.org", record, new)
        return record.pid  # type: ignore[no-any-return]


def test_identifiers_survive_a_slug_change_and_old_urls_redirect(client, demo_catalog) -> None:
    pid = _rename(demo_catalog, MediaItem, "interview-historian", "historian-boston-2006")
    old = client.get("/media/interview-historian?t=12.5")
    assert old.status_code == 301
    assert old.headers["Location"] == "/media/historian-boston-2006?t=12.5"
    assert client.get("/media/interview-historian/captions/en.vtt").status_code == 301
    assert client.get("/iiif/interview-historian/manifest.json").status_code == 301
    resolved = client.get(f"/id/{pid}")
    assert resolved.status_code == 302
    assert resolved.headers["Location"] == "/media/historian-boston-2006"
    entity_pid = _rename(demo_catalog, Entity, "natan-sharansky", "sharansky")
    assert client.get("/entities/natan-sharansky").headers["Location"] == "/entities/sharansky"
    assert client.get(f"/id/{entity_pid}").headers["Location"] == "/entities/sharansky"
    with demo_catalog() as session:
        assert session.scalar(select(Entity.pid).where(Entity.slug == "sharansky")) == entity_pid


def test_an_old_slug_is_never_given_to_another_record(demo_catalog) -> None:
    _rename(demo_catalog, MediaItem, "interview-historian", "historian-boston-2006")
    with pytest.raises(FieldError, match="is or was the address of another record"):
        _rename(demo_catalog, MediaItem, "interview-student", "interview-historian")
    with pytest.raises(FieldError, match="is or was the address"):
        _rename(demo_catalog, MediaItem, "interview-student", CLIP)  # a current one either
    with pytest.raises(FieldError, match="is not a slug"):
        _rename(demo_catalog, MediaItem, "interview-student", "Not A Slug")
    # Going back to its own earlier slug is allowed, and the history forgets it.
    _rename(demo_catalog, MediaItem, "historian-boston-2006", "interview-historian")
    with demo_catalog() as session:
        history = session.scalars(select(SlugHistory.slug)).all()
    assert history == ["historian-boston-2006"]


def test_a_reimport_under_the_old_slug_updates_the_renamed_item(demo_catalog, media_root) -> None:
    pid = _rename(demo_catalog, MediaItem, "interview-historian", "historian-boston-2006")
    with demo_catalog() as session:
        item = _item(session, "historian-boston-2006")
        before = {
            s.start_ms: s.pid
            for s in session.scalars(
                select(Segment).join(Transcript).where(Transcript.media_item_id == item.id)
            )
        }
    vtt = Path("transcripts/interview-historian.vtt")
    changed = vtt.read_text("utf-8").replace("historian", "Historian", 1)
    work = media_root.parent / "again"
    work.mkdir()
    (work / vtt.name).write_text(changed + "\n", "utf-8")
    (work / "interview-historian.yaml").write_text(
        Path("transcripts/interview-historian.yaml").read_text("utf-8"), "utf-8"
    )
    shutil.copytree("transcripts/consent-forms", work / "consent-forms")  # its sidecar names one
    consent_dir = media_root.parent / "consent"
    summary = import_paths(demo_catalog, [work], media_root, consent_dir=consent_dir)
    assert not summary.failed, [o.detail for o in summary.failed]
    with demo_catalog() as session:
        assert _item(session, "interview-historian") is None  # no second item under the old slug
        item = _item(session, "historian-boston-2006")
        assert item.pid == pid
        after = {
            s.start_ms: s.pid
            for s in session.scalars(
                select(Segment).join(Transcript).where(Transcript.media_item_id == item.id)
            )
        }
    assert after == before  # the segments were replaced; their identifiers were kept


def _pid_of_segment(sessions, slug: str, at_ms: int, language: str = "en") -> str:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return session.scalar(  # type: ignore[no-any-return]
            select(Segment.pid)
            .join(Transcript)
            .join(MediaItem)
            .where(
                MediaItem.slug == slug,
                Transcript.language == language,
                Segment.start_ms <= at_ms,
                Segment.end_ms > at_ms,
            )
        )


def test_the_resolver_answers_as_the_page_would(client, demo_catalog, login_as) -> None:
    with demo_catalog() as session:
        restricted = _item(session, RESTRICTED_ITEM).pid
        film = session.scalar(select(Film.pid).where(Film.slug == "refusenik"))
    hidden_segment = _pid_of_segment(demo_catalog, PASSAGE_ITEM, 290_000)
    open_segment = _pid_of_segment(demo_catalog, PASSAGE_ITEM, 10_000)
    assert client.get(f"/media/{RESTRICTED_ITEM}").status_code == 404
    assert client.get(f"/id/{restricted}").status_code == 404
    assert client.get(f"/id/{hidden_segment}").status_code == 404
    assert client.get(f"/cite/{hidden_segment}").status_code == 404
    assert client.get(f"/cite/{hidden_segment}.bib").status_code == 404
    assert client.get(f"/id/{film}").headers["Location"] == "/films/refusenik"
    moment = client.get(f"/id/{open_segment}")
    assert moment.status_code == 302 and moment.headers["Location"].startswith(
        f"/media/{PASSAGE_ITEM}?t="
    )
    assert client.get("/id/not-an-identifier").status_code == 404
    login_as("editor")
    assert client.get(f"/id/{restricted}").headers["Location"] == f"/media/{RESTRICTED_ITEM}"
    assert client.get(f"/id/{hidden_segment}").status_code == 302
    assert client.get(f"/cite/{hidden_segment}").status_code == 200


def test_a_renamed_restricted_items_old_address_does_not_tell(
    client, demo_catalog, login_as
) -> None:
    _rename(demo_catalog, MediaItem, RESTRICTED_ITEM, "seminar-renamed")
    assert client.get(f"/media/{RESTRICTED_ITEM}").status_code == 404  # not 301 to a name
    login_as("editor")
    assert client.get(f"/media/{RESTRICTED_ITEM}").status_code == 301


def test_a_reel_resolves_for_its_owner_only(client, demo_catalog, login_as, add_user) -> None:
    login_as("editor")
    with transaction(demo_catalog) as session:
        owner = session.scalar(select(User).where(User.email == "editor@example.org"))
        pid = reels.create_reel(session, owner, "Selects").pid
    assert client.get(f"/id/{pid}").headers["Location"] == "/reels/selects"
    client.post("/logout", data={"csrf_token": csrf_token_of(client)})
    login_as("admin")
    assert client.get(f"/id/{pid}").status_code == 404


def test_editors_change_a_slug_in_the_record_form(client, demo_catalog, login_as) -> None:
    login_as("editor")
    with demo_catalog() as session:
        item = _item(session, CLIP)
        form = {
            "csrf_token": csrf_token_of(client),
            "version": str(item.version),
            "title": item.title,
            "slug": "lod-airport-arrivals-1971",
        }
    response = client.post(f"/media/{CLIP}/metadata", data=form)
    assert response.headers["Location"].startswith("/media/lod-airport-arrivals-1971")
    assert client.get(f"/media/{CLIP}").status_code == 301
    with demo_catalog() as session:
        assert session.scalar(select(func.count()).select_from(SlugHistory)) == 1


def test_an_items_identifier_keeps_the_time_asked_for(client, demo_catalog) -> None:
    with demo_catalog() as session:
        pid = _item(session, CLIP).pid
    assert client.get(f"/id/{pid}?t=12.5&slug=x").headers["Location"] == f"/media/{CLIP}?t=12.5"
    assert client.get(f"/id/{pid.upper()}").headers["Location"] == f"/media/{CLIP}"


def test_editors_change_an_entitys_slug_on_its_edit_page(client, demo_catalog, login_as) -> None:
    from bs4 import BeautifulSoup

    login_as("editor")
    page = BeautifulSoup(client.get("/entities/natan-sharansky/edit").data, "html.parser")
    form = next(f for f in page.select("form") if f.select_one("#e-slug"))
    data = {
        i["name"]: i.get("value", "")
        for i in form.select("input[name]")
        if i.get("type") != "checkbox"
    }
    data |= {t["name"]: t.get_text() for t in form.select("textarea[name]")}
    data |= {
        s["name"]: s.select_one("option[selected]")["value"] for s in form.select("select[name]")
    }
    data["slug"] = "natan-sharansky-1948"
    response = client.post(form.get("action") or "/entities/natan-sharansky/edit", data=data)
    assert response.headers["Location"] == "/entities/natan-sharansky-1948/edit"
    assert (
        client.get("/entities/natan-sharansky").headers["Location"]
        == "/entities/natan-sharansky-1948"
    )
    taken = data | {"slug": "avital-sharansky"}
    page = client.post("/entities/natan-sharansky-1948/edit", data=taken, follow_redirects=True)
    assert "is or was the address of another record" in page.get_data(as_text=True)
