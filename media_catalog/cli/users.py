"""Commands about accounts: user add, user list, user role, user password."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import accounts
from ..db import transaction
from ..models import USER_ROLES
from .common import CatalogCommand, sessions


@click.group("user")
def user_group() -> None:
    """Accounts: who may sign in, and with which role (viewer, host, editor, admin)."""


@user_group.command("add", cls=CatalogCommand)
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice(USER_ROLES), default="viewer", show_default=True)
@click.option("--name", help="The name shown for this person.")
@click.option(
    "--generate-password",
    is_flag=True,
    help="Make a random password and print it once instead of asking for one.",
)
def add_command(email: str, role: str, name: str | None, generate_password: bool) -> None:
    """Add an account; asks for its password (typed twice), or generates one and prints it once.

    \b
    Example:
      media-catalog user add ida@example.org --role editor --name "Ida R."
    """
    if generate_password:
        password = accounts.generate_password()
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with transaction(sessions()) as session:
        user = accounts.add_user(session, email, password, role, name)
        click.echo(f"Added {user.email} ({user.role}).")
    if generate_password:
        click.echo(f"Password (shown only now): {password}")


@user_group.command("list", cls=CatalogCommand)
@with_appcontext
def list_command() -> None:
    """List every account with its role.

    \b
    Example:
      media-catalog user list
    """
    with sessions()() as session:
        rows = accounts.users(session)
    if not rows:
        click.echo("No accounts yet: add one with `media-catalog user add EMAIL --role admin`.")
    for user in rows:
        click.echo(f"{user.email}\t{user.role}\t{user.name or ''}")


@user_group.command("role", cls=CatalogCommand)
@with_appcontext
@click.argument("email")
@click.argument("role", type=click.Choice(USER_ROLES))
def role_command(email: str, role: str) -> None:
    """Change an account's role.

    \b
    Example:
      media-catalog user role ida@example.org admin
    """
    with transaction(sessions()) as session:
        user = accounts.set_role(session, email, role)
        click.echo(f"{user.email} is now {user.role}.")


@user_group.command("password", cls=CatalogCommand)
@with_appcontext
@click.argument("email")
@click.option(
    "--generate-password",
    is_flag=True,
    help="Make a random password and print it once instead of asking for one.",
)
def password_command(email: str, generate_password: bool) -> None:
    """Set an account's password (typed twice, or generated and printed once); every session
    of the account is signed out.

    \b
    Example:
      media-catalog user password ida@example.org
    """
    if generate_password:
        password = accounts.generate_password()
    else:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    with transaction(sessions()) as session:
        user = accounts.set_password(session, email, password)
        click.echo(f"New password set for {user.email}; its sessions are signed out.")
    if generate_password:
        click.echo(f"Password (shown only now): {password}")


COMMANDS = (user_group,)
