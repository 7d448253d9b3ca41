"""No traceback anywhere a user types something: every command of `media-catalog` (found by
walking the click group and the app's commands, never listed by hand) is run with a malformed
DATABASE_URL, and every command that reads a file with a missing, an empty, a binary and a
garbage EDL or XML file. Each must end in a clean message and a non-zero exit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from media_catalog import create_app
from media_catalog.cli import cli
from media_catalog.db import transaction
from media_catalog.models import Film, MediaItem

BAD_URLS = ("nonsense://catalog", "sqlite:////proc/no/such/dir/catalog.db")
FILES = {
    "missing": None,
    "empty": b"",
    "binary": bytes(range(256)) * 8,
    "garbage-edl": b"TITLE: x\nFCM: DROP\n001  AX V C 99:99:99:99 01:00:00;99 x y\n* FROM CLIP NAME\n",
    "garbage-otio": b'{"OTIO_SCHEMA": "Timeline.1", "tracks": 5, "global_start_time": []}',
    "garbage-xml": b"<?xml version='1.0'?><ROOT><record><title>x</title><oops></ROOT>",
}
SUFFIXES = {"garbage-edl": ".edl", "garbage-otio": ".otio", "binary": ".otio"}


def _commands() -> Iterator[tuple[tuple[str, ...], click.Command]]:
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "sweep"})

    def walk(
        commands: dict[str, click.Command], prefix: tuple[str, ...]
    ) -> Iterator[tuple[tuple[str, ...], click.Command]]:
        for name, command in sorted(commands.items()):
            if isinstance(command, click.Group):
                yield from walk(command.commands, (*prefix, name))
            else:
                yield (*prefix, name), command

    yield from walk(dict(cli.commands) | dict(app.cli.commands), ())


COMMANDS = list(_commands())


def _is_input_file(param: click.Parameter) -> bool:
    """A path the command reads: an output path is declared writable."""
    kind = param.type
    return isinstance(param, click.Argument) and isinstance(kind, click.Path) and not kind.writable


def _args(command: click.Command, path: str) -> list[str]:
    """The command's required arguments and options, filled in: files with `path`."""
    args: list[str] = []
    for param in command.params:
        if not param.required:
            continue
        if isinstance(param.type, click.Choice):
            value = str(param.type.choices[0])
        elif isinstance(param.type, click.Path):
            value = path
        else:
            value = "sweep"  # the film and media item the catalog holds: files get read
        if isinstance(param, click.Option):
            args.append(param.opts[0])
        args.append(value)
    return args


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'catalog.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SECRET_KEY": "sweep",
        "FLASK_RUN_PORT": "1",  # never serve, should a `run` get that far
    }


def _run(args: list[str], env: dict[str, str]) -> click.testing.Result:
    return CliRunner().invoke(cli, args, env=env, input="")


def _assert_clean(result: click.testing.Result, what: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        what,
        repr(result.exception),
    )
    assert "Traceback" not in result.output, (what, result.output)
    assert result.exit_code in (1, 2), (what, result.exit_code, result.output)
    assert result.output.strip(), what


@pytest.mark.parametrize("url", BAD_URLS)
def test_every_command_says_what_is_wrong_with_database_url(env, tmp_path, url) -> None:
    assert len(COMMANDS) > 20  # the walk found the app's commands, not only Flask's
    for path, command in COMMANDS:
        args = [*path, *_args(command, str(tmp_path / "missing.xml"))]
        result = _run(args, env | {"DATABASE_URL": url})
        _assert_clean(result, args)
        assert "DATABASE_URL" in result.output, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1, (args, result.output)


@pytest.mark.parametrize("case", FILES)
def test_every_command_that_reads_a_file_refuses_a_bad_one(env, tmp_path, case) -> None:
    assert _run(["init"], env).exit_code == 0
    app = create_app({"DATABASE_URL": env["DATABASE_URL"], "SECRET_KEY": "sweep"})
    with transaction(app.extensions["media_catalog"]["sessions"]) as session:
        film = Film(slug="sweep", title="Sweep")
        session.add_all([film, MediaItem(slug="sweep", kind="interview", title="Sweep")])
    path = tmp_path / f"{case}{SUFFIXES.get(case, '.xml')}"
    if FILES[case] is not None:
        path.write_bytes(FILES[case])
    readers = [(p, c) for p, c in COMMANDS if any(_is_input_file(x) for x in c.params)]
    assert len(readers) >= 4
    for name, command in readers:
        args = [*name, *_args(command, str(path))]
        _assert_clean(_run(args, env), args)
