"""The audit command: ask the audit trail a question (who saw restricted material, who changed
a restriction, who overrode consent, what happened to reels) and print the answer."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from .. import audit
from .common import CatalogCommand, sessions


@click.command("audit", cls=CatalogCommand)
@with_appcontext
@click.option("--who", default="", help="An actor's email (or cli, anonymous).")
@click.option(
    "--what",
    default="",
    help=f"A question: {', '.join(audit.QUESTIONS)}.",
)
@click.option("--action", default="", help="One action, as the log names it (share, update).")
@click.option("--type", "object_type", default="", help="One type of record (reel, media_item).")
@click.option("--since", default="", help="A date (2026-12-01), a UTC time or 7d / 12h ago.")
@click.option("--limit", default=200, show_default=True, help="At most this many events.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def audit_command(
    who: str, what: str, action: str, object_type: str, since: str, limit: int, as_json: bool
) -> None:
    """Answer a question from the audit trail, newest first.

    \b
    Example:
      media-catalog audit --what consent-overrides --since 30d
      media-catalog audit --what restricted-access --who researcher@example.org
    """
    with sessions()() as session:
        events = audit.search(
            session,
            who=who or None,
            what=what or None,
            action=action or None,
            object_type=object_type or None,
            since=audit.parse_since(since),
            limit=limit,
        )
        for event in events:
            row = {
                "at": event.at.strftime("%Y-%m-%d %H:%M:%S"),
                "who": event.actor,
                "action": event.action,
                "record": f"{event.object_type} {event.object_id}",
                "note": event.note or "",
            }
            if as_json:
                click.echo(json.dumps(row | {"before": event.before, "after": event.after}))
            else:
                click.echo("\t".join(row.values()).rstrip("\t"))
    if not events and not as_json:
        click.echo("No events answer that question.", err=True)


COMMANDS = (audit_command,)
