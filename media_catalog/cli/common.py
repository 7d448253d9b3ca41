"""What every command shares: the app's engine and sessions, and clean error reporting."""

from __future__ import annotations

from fractions import Fraction

import click
from flask import current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..errors import CatalogError
from ..timecode import parse_rate


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


class FrameRate(click.ParamType):
    """A frame rate as people type it (25, 29.97, 23.976, 30000/1001), held as a fraction."""

    name = "rate"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, Fraction):
            return value
        try:
            return parse_rate(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
