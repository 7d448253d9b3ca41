"""The restricted-material sweep: every GET route of the app, filled with every slug of the demo
catalog, visited as an anonymous visitor; no restricted title, text or file name may appear.
A new route with an argument this sweep cannot fill fails the test until it is taught here."""

from flask import url_for
from sqlalchemy import or_, select

from media_catalog import guides
from media_catalog.db import transaction
from media_catalog.guides import drafting
from media_catalog.models import (
    Entity,
    Film,
    Guide,
    Job,
    MediaItem,
    Segment,
    Transcript,
    User,
)
from media_catalog.web.browse import KIND_PAGES
from media_catalog.web.player import FILE_VARIANTS

MIN_TEXT = 25  # shorter restricted lines ("Yes.") could be said publicly as well


def restricted_strings(session) -> set[str]:  # type: ignore[no-untyped-def]
    strings: set[str] = set()
    for item in session.scalars(select(MediaItem).where(MediaItem.restricted.is_(True))):
        strings |= {item.title, item.slug}
        strings |= {p for p in (item.media_path, item.proxy_path, item.poster_path) if p}
    for entity in session.scalars(select(Entity).where(Entity.restricted.is_(True))):
        strings |= {entity.name, entity.slug}
    texts = session.scalars(
        select(Segment.text)
        .join(Transcript)
        .join(MediaItem)
        .where(
            or_(
                Segment.restricted.is_(True),
                Transcript.restricted.is_(True),
                MediaItem.restricted.is_(True),
            )
        )
    )
    return strings | {t for t in texts if len(t) >= MIN_TEXT}


def every_get_url(app, session) -> list[str]:  # type: ignore[no-untyped-def]
    media = session.execute(select(MediaItem.slug, MediaItem.id)).all()
    languages = {
        mid: sorted(
            set(session.scalars(select(Transcript.language).where(Transcript.media_item_id == mid)))
        )
        for _slug, mid in media
    }
    values = {
        ("browse.film", "slug"): list(session.scalars(select(Film.slug))),
        ("browse.entities", "kind_page"): list(KIND_PAGES),
        ("entities.show", "slug"): list(session.scalars(select(Entity.slug))),
        ("api.entity_show", "slug"): list(session.scalars(select(Entity.slug))),
        ("interop.entity_annotations", "entity"): list(session.scalars(select(Entity.slug))),
        ("interop.film_chapters", "film"): list(session.scalars(select(Film.slug))),
        ("interop.film_collection", "film"): list(session.scalars(select(Film.slug))),
        ("interop.film_scenes", "film"): list(session.scalars(select(Film.slug))),
        ("interop.unmatched", "film"): list(session.scalars(select(Film.slug))),
        **{
            (f"entity_editor.{view}", "slug"): list(session.scalars(select(Entity.slug)))
            for view in ("edit", "merge", "delete")
        },
        ("static", "filename"): ["app.css", "player.js"],
        ("script_messages.script", "language"): ["en", "ru", "he"],
        ("consents.signed_form", "consent_id"): [1, 2],
        **{
            (f"identifiers.{view}", "pid"): identifier_values(session)
            for view in ("resolve", "cite", "cite_bibtex", "cite_csl_json")
        },
        # Jobs are their starters' (and admins'): the editor's job add_published_guide made.
        **{
            (f"jobs.{view}", "token"): [*session.scalars(select(Job.token)), "no-such-job"]
            for view in ("show", "state", "download")
        },
    }
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods:
                continue
            args = sorted(rule.arguments)
            if not args:
                urls.append(url_for(rule.endpoint))
            elif rule.endpoint.split(".")[0] in ("guides", "screening") and args == ["token"]:
                # guides: the published guide add_published_guide made
                urls += [
                    url_for(rule.endpoint, token=t) for t in session.scalars(select(Guide.token))
                ]
            elif rule.endpoint.split(".")[0] == "chapters":  # of films and of media items
                urls += [
                    url_for(rule.endpoint, owner_kind="films", slug=f)
                    for f in session.scalars(select(Film.slug))
                ]
                urls += [url_for(rule.endpoint, owner_kind="media", slug=m) for m, _id in media]
            elif (
                rule.endpoint.split(".")[0] in ("player", "tagging", "api", "interop")
                and "slug" in args
            ):
                for slug, mid in media:
                    extra = {
                        "language": languages[mid] or ["en"],
                        "variant": list(FILE_VARIANTS),
                        "ref": [f"{language}-1" for language in languages[mid] or ["en"]],
                    }
                    combos = [{}]
                    for name in args:
                        if name == "slug":
                            continue
                        assert name in extra, f"sweep cannot fill {rule.endpoint}:{name}"
                        combos = [{**c, name: v} for c in combos for v in extra[name]]
                    urls += [url_for(rule.endpoint, slug=slug, **c) for c in combos]
            elif rule.endpoint.split(".")[0] in ("reels", "shared"):
                urls += reel_urls(rule, session)
            else:
                assert len(args) == 1, f"sweep cannot fill {rule.endpoint}:{args}"
                key = (rule.endpoint, args[0])
                assert key in values, f"sweep cannot fill {rule.endpoint}:{args[0]}"
                urls += [url_for(rule.endpoint, **{args[0]: v}) for v in values[key]]
        # Search, on the page and in the API, for words only restricted material holds.
        for word in SEARCHED:
            urls += [url_for("search.show", q=word), url_for("api.search_moments", q=word)]
    return urls


def identifier_values(session) -> list[str]:  # type: ignore[no-untyped-def]
    """Every film's, item's and entity's identifier; every segment's of restricted material
    and of the items holding a restricted passage, and the first of each other track."""
    pids = [
        pid for model in (Film, MediaItem, Entity) for pid in session.scalars(select(model.pid))
    ]
    hiding = select(Segment.transcript_id).where(Segment.restricted.is_(True))
    segments = session.execute(
        select(Segment.pid, Segment.position, Segment.restricted, Transcript.id)
        .join(Transcript)
        .join(MediaItem)
        .order_by(Segment.id)
    ).all()
    held = set(session.scalars(hiding))
    restricted_items = set(
        session.scalars(select(Transcript.id).join(MediaItem).where(MediaItem.restricted.is_(True)))
    )
    return pids + [
        pid
        for pid, position, restricted, track in segments
        if restricted or position == 0 or track in held or track in restricted_items
    ]


def reel_urls(rule, session) -> list[str]:  # type: ignore[no-untyped-def]
    """Reels are their owners' (others get 404 or a sign-in); shared reels by their tokens."""
    from media_catalog.models import Reel

    tokens = [t for t in session.scalars(select(Reel.share_token)) if t] + ["no-such-token"]
    slugs = list(session.scalars(select(Reel.slug))) + ["no-such-reel"]
    extra = {"slug": slugs, "token": tokens, "fmt": ["edl", "csv"], "position": [1, 2, 3]}
    combos = [{}]
    for name in sorted(rule.arguments):
        assert name in extra, f"sweep cannot fill {rule.endpoint}:{name}"
        combos = [{**c, name: v} for c in combos for v in extra[name]]
    return [url_for(rule.endpoint, **c) for c in combos]


# Words of the restricted passage and of restricted clips' records.
SEARCHED = ["schizophrenia", "psychiatric", "Ovrashki", "seminar", "Simchat", "synagogue", "Misha"]


def leaks(client, urls, forbidden) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    found = {}
    for url in urls:
        response = client.get(url)
        readable = response.mimetype.startswith("text") or response.is_json
        body = response.get_data(as_text=True) if readable else ""
        location = response.headers.get("Location", "")
        # Sending a visitor to sign in echoes the address they typed, for any slug, existing or
        # not: that tells nothing. Any other redirect is checked like a page.
        if location.startswith("/login?next="):
            body = ""  # the redirect's own body only repeats that address
        else:
            body += location
        response.close()
        if hits := [s for s in forbidden if s in body]:
            found[url] = hits
    return found


def add_published_guide(sessions) -> None:  # type: ignore[no-untyped-def]
    """An editor's published guide holding a restricted clip, a stretch over a restricted
    passage and a public moment: the sweep reads it as a visitor."""
    with transaction(sessions) as session:
        editor = User(email="guide-editor@example.org", password_hash="-", role="editor")
        session.add(editor)
        session.flush()
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        guide = drafting.draft_guide(session, editor, film, "Sweep guide")
        guide.visibility = "published"
        section = guide.sections[-1].id
        for slug, start, end in [
            ("refusenik-seminar-moscow-flat-circa-1978", 0, 10_000),
            ("interview-refusenik", 280_000, 300_000),
            ("interview-historian", 20_000, 35_000),
        ]:
            item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
            guides.add_moment(session, editor, guide, section, item, start, end)
        guides.set_current_stop(session, editor, guide, None)
        # The editor's export of the restricted clip: its log names what only editors may see.
        session.add(
            Job(
                token="sweep-job",
                kind="reel_export",
                subject="reel:1",
                state="done",
                log="cut refusenik-seminar-moscow-flat-circa-1978: the seminar in Ovrashki",
                user_id=editor.id,
            )
        )


def test_anonymous_visitors_see_no_restricted_material_anywhere(app, client, demo_catalog) -> None:
    add_published_guide(demo_catalog)
    with demo_catalog() as session:
        forbidden = restricted_strings(session)
        urls = every_get_url(app, session)
    assert len(forbidden) > 10 and len(urls) > 100  # the demo has restricted items and a passage
    assert leaks(client, urls, forbidden) == {}


def test_the_sweep_finds_restricted_material_when_it_is_shown(
    app, client, demo_catalog, login_as
) -> None:
    """Editors see restricted material: the same sweep must then find it (so it can fail)."""
    login_as("editor")
    add_published_guide(demo_catalog)
    with demo_catalog() as session:
        forbidden = restricted_strings(session)
        urls = every_get_url(app, session)
    found = leaks(client, urls, forbidden)
    assert any("/media/interview-refusenik" in url for url in found)  # the restricted passage
    assert any("refusenik-seminar-moscow-flat-circa-1978" in url for url in found)
    assert any(url.startswith("/guides/") for url in found)  # the guide's restricted moments
