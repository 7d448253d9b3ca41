"""`python -m media_catalog ...` is the same as the `media-catalog` command."""

from .cli import cli

cli()
