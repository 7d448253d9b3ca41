"""Commands about what the transcripts mention: link, mentions, candidates."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext

from ..db import transaction
from ..editing import candidates as review
from ..linking.link_job import complete_pending_links
from ..linking.relink import LinkReport, build_matcher, link, stale_tracks
from ..timecode import seconds
from .common import CatalogCommand, sessions


def print_link_report(report: LinkReport) -> None:
    if report.tracks:
        click.echo(
            f"Linked {report.tracks} track(s), {report.segments} segments: "
            f"{report.added} suggestion(s) added, {report.removed} removed, "
            f"{report.kept} kept; {report.dates} spoken date(s)."
        )
    else:
        click.echo("Every track is linked with the current authority; nothing to do.")


def link_with_progress(media_ids: list[int] | None = None, everything: bool = False) -> LinkReport:
    """Link stale tracks (all with `everything`) in one transaction, with a progress bar."""
    with transaction(sessions()) as session:
        matcher = build_matcher(session)
        todo = len(stale_tracks(session, matcher, media_ids, everything))
        with click.progressbar(length=todo, label="Linking tracks", file=sys.stderr) as bar:
            report = link(
                session,
                media_ids=media_ids,
                force=everything,
                matcher=matcher,
                on_track=lambda _id: bar.update(1),
            )
        if media_ids is None:  # every stale track: what a pending link job asked for
            complete_pending_links(session, report)
        return report


@click.command("link", cls=CatalogCommand)
@click.option("--all", "everything", is_flag=True, help="Re-link every track, stale or not.")
@click.argument("media", nargs=-1)
@with_appcontext
def link_command(everything: bool, media: tuple[str, ...]) -> None:
    """Link transcript segments to the people, events, places and organisations they name.

    Only tracks that are new, replaced, or older than the authority are linked (run after every
    import automatically). Editors' decisions are never overridden.

    \b
    Examples:
      media-catalog link
      media-catalog link --all interview-historian
    """
    with transaction(sessions()) as session:
        media_ids = review.media_ids(session, media) if media else None
    report = link_with_progress(media_ids, everything)
    print_link_report(report)


@click.command("mentions", cls=CatalogCommand)
@click.argument("media")
@click.option("--json", "as_json", is_flag=True, help="One JSON list instead of a table.")
@with_appcontext
def mentions_command(media: str, as_json: bool) -> None:
    """List a media item's annotations in time order.

    \b
    Example:
      media-catalog mentions interview-refusenik --json
    """
    with sessions()() as session:
        rows = [
            {
                "start": seconds(a.start_ms),
                "end": seconds(a.end_ms),
                "text": a.quote or a.tag,
                "entity": a.entity.slug if a.entity else None,
                "name": a.entity.name if a.entity else None,
                "kind": a.entity.kind if a.entity else "tag",
                "role": a.role,
                "status": a.status,
                "confidence": round(a.confidence, 2) if a.confidence is not None else None,
            }
            for a in review.annotations_of(session, media)
        ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(
            f"{row['start']:>9.3f} {row['end']:>9.3f}  {row['status']:<9} "
            f"{row['confidence'] if row['confidence'] is not None else '':<5} "
            f"{row['role'] or '':<9} {row['entity'] or '-':<32} {row['text'] or ''}"
        )
    click.echo(f"{len(rows)} annotation(s).")


@click.group("candidates")
def candidates_group() -> None:
    """Name-like phrases that match no entity, per media item, for editors to resolve.

    \b
    Example:
      media-catalog candidates list interview-student
    """


@candidates_group.command("list", cls=CatalogCommand)
@click.argument("media")
@click.option("--all", "show_all", is_flag=True, help="Include dismissed and resolved ones.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@with_appcontext
def candidates_list(media: str, show_all: bool, as_json: bool) -> None:
    """List a media item's candidates, most frequent first.

    \b
    Example:
      media-catalog candidates list interview-student --json
    """
    with sessions()() as session:
        rows = [
            {"text": c.text, "count": c.count, "language": c.language, "status": c.status}
            for c in review.candidates_of(session, media, include_closed=show_all)
        ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['count']:>4}  {row['status']:<9} {row['text']}")


@candidates_group.command("dismiss", cls=CatalogCommand)
@click.argument("media")
@click.argument("text")
@with_appcontext
def candidates_dismiss(media: str, text: str) -> None:
    """Dismiss a candidate: it is not a name; re-linking will not bring it back.

    \b
    Example:
      media-catalog candidates dismiss interview-student "Brooklyn College"
    """
    with transaction(sessions()) as session:
        review.dismiss_candidate(session, media, text)
    click.echo(f"Dismissed {text!r}.")


@candidates_group.command("alias", cls=CatalogCommand)
@click.argument("media")
@click.argument("text")
@click.argument("entity")
@with_appcontext
def candidates_alias(media: str, text: str, entity: str) -> None:
    """Make a candidate an alias of an existing entity, and link again.

    \b
    Example:
      media-catalog candidates alias interview-student "Shchransky" natan-sharansky
    """
    with transaction(sessions()) as session:
        review.candidate_to_alias(session, media, text, entity)
        report = link(session)
    print_link_report(report)


@candidates_group.command("entity", cls=CatalogCommand)
@click.argument("media")
@click.argument("text")
@click.option(
    "--kind",
    type=click.Choice(["person", "event", "place", "organization", "topic"]),
    required=True,
)
@click.option("--slug", help="Defaults to the text, lowercased and hyphenated.")
@with_appcontext
def candidates_entity(media: str, text: str, kind: str, slug: str | None) -> None:
    """Make a candidate a new entity, and link again.

    \b
    Example:
      media-catalog candidates entity interview-student "Brooklyn College" --kind organization
    """
    with transaction(sessions()) as session:
        created = review.candidate_to_entity(session, media, text, kind, slug)
        report = link(session)
    click.echo(f"Created {kind} {created!r}.")
    print_link_report(report)


COMMANDS = (link_command, mentions_command, candidates_group)
