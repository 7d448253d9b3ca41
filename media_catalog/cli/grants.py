"""Commands about access grants to restricted media items: grant add, grant withdraw, grant list."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import grants
from ..db import transaction
from .common import CatalogCommand, sessions


@click.group("grant")
def grant_group() -> None:
    """Let one user see one restricted media item (as an archive grants a researcher access)."""


@grant_group.command("add", cls=CatalogCommand)
@with_appcontext
@click.argument("email")
@click.argument("media")
@click.option("--note", default="", help="Why access was granted (kept in the audit log).")
def add_command(email: str, media: str, note: str) -> None:
    """Grant EMAIL access to the restricted media item MEDIA (a slug).

    \b
    Example:
      media-catalog grant add researcher@example.org refusenik-seminar-moscow-flat-circa-1978
    """
    with transaction(sessions()) as session:
        grants.grant_access(session, email, media, note=note)
    click.echo(f"{email} may now see {media}.")


@grant_group.command("withdraw", cls=CatalogCommand)
@with_appcontext
@click.argument("email")
@click.argument("media")
def withdraw_command(email: str, media: str) -> None:
    """Withdraw EMAIL's access to MEDIA.

    \b
    Example:
      media-catalog grant withdraw researcher@example.org refusenik-seminar-moscow-flat-circa-1978
    """
    with transaction(sessions()) as session:
        grants.withdraw_access(session, email, media)
    click.echo(f"{email} may no longer see {media}.")


@grant_group.command("list", cls=CatalogCommand)
@with_appcontext
def list_command() -> None:
    """List every access grant: user, media item, who granted it and when.

    \b
    Example:
      media-catalog grant list
    """
    with sessions()() as session:
        rows = grants.access_grants(session)
        if not rows:
            click.echo("No access grants.")
        for grant in rows:
            click.echo(
                f"{grant.user.email}\t{grant.media_item.slug}\t{grant.granted_by}\t"
                f"{grant.granted_at:%Y-%m-%d}"
            )


COMMANDS = (grant_group,)
