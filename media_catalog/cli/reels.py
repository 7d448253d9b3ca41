"""`media-catalog export reel NAME --format edl|fcp7|fcpxml|otio|csv|clips [--rate R]`: a reel
as a timeline file, or its moments cut as media files (zipped with timelines pointing at them)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import consent, reels
from ..reels import subclips, timelines
from .common import CatalogCommand, FrameRate, sessions

FORMATS = [*timelines.FORMATS, "csv", "clips"]


@click.group("export")
def export_group() -> None:
    """Export catalog material for other tools."""


@export_group.command("reel", cls=CatalogCommand)
@with_appcontext
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="edl", show_default=True)
@click.option("--owner", help="The reel's owner (email), when several reels have this name.")
@click.option(
    "--mode",
    type=click.Choice(list(subclips.MODES)),
    default="copy",
    show_default=True,
    help="For clips: copy (fast, cuts at keyframes), accurate (re-encoded) or review "
    "(re-encoded with timecode and captions burned in).",
)
@click.option(
    "--rate",
    type=FrameRate(),
    help="Sequence rate (25, 29.97, 23.976, 30000/1001...); default: the reel's most common. "
    "EDL and FCP 7 XML conform items at other rates to it.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write.")
@click.option(
    "--override-reason",
    help="Export although consent for broadcast does not cover every item; the reason is "
    "kept in the audit log.",
)
def export_reel(
    name: str,
    fmt: str,
    owner: str | None,
    mode: str,
    rate: Fraction | None,
    output: Path | None,
    override_reason: str | None,
) -> None:
    """Export the reel NAME (its name or slug) as a timeline or as sub-clips.

    \b
    Examples:
      media-catalog export reel "Bridge selects" --format edl -o bridge.edl
      media-catalog export reel "Home movies" --format fcp7 --rate 25
      media-catalog export reel bridge-selects --format clips --mode accurate
      media-catalog export reel "Selects" --override-reason "estate approved, letter of 3 May"
    """
    with sessions()() as session:
        reel = reels.reel_named(session, name, owner)
        views = reels.visible_entries(session, reel.owner, reel)
        consent.check_use(
            session,
            "cli",
            [view.media for view in views],
            "broadcast",
            ("reel", reel.slug),
            override_reason=override_reason,
            unrecorded=current_app.config["CONSENT_UNRECORDED"],
        )
        session.commit()  # an override is audited before the file is written
        suffix = "zip" if fmt == "clips" else "csv" if fmt == "csv" else timelines.FORMATS[fmt][1]
        target = output or Path(f"{reel.slug}.{suffix}")
        if fmt == "clips":
            cache_dir = Path(current_app.config["CACHE_DIR"])
            sources = subclips.redacted_sources(session, cache_dir, reel.owner)
            cuts = subclips.plan(views, Path(current_app.config["MEDIA_ROOT"]), sources)
            with click.progressbar(length=len(cuts), label="Cutting sub-clips") as bar:
                subclips.write_package(
                    session, reel.name, cuts, target, mode, lambda done, _total: bar.update(1)
                )
        else:
            text = timelines.write_csv(views, rate) if fmt == "csv" else None
            text = text or timelines.write_timeline(fmt, reel.name, views, rate=rate)
            target.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {target} ({len(views)} moments).")


COMMANDS = (export_group,)
