"""What every command shares: the app's engine and sessions, and clean error reporting."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..errors import CatalogError


def engine() -> Engine:
    return current_app.extensions["media_catalog"]["engine"]  # type: ignore[no-any-return]


def sessions() -> sessionmaker[Session]:
    return current_app.extensions["media_catalog"]["sessions"]  # type: ignore[no-any-return]


class CatalogCommand(click.Command):
    """Turns the catalog's own errors into one clean line and exit status 1."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except CatalogError as exc:
            raise click.ClickException(str(exc)) from None
