"""The README keeps up with the code: every command and setting is documented."""

import re
from pathlib import Path

README = (Path(__file__).parent.parent / "README.md").read_text()
CONFIG = (Path(__file__).parent.parent / "media_catalog" / "config.py").read_text()


def test_every_command_is_in_the_readme(app) -> None:
    for name in app.cli.commands:
        assert f"media-catalog {name}" in README, name


def test_every_setting_is_in_the_readme() -> None:
    for setting in re.findall(r'"([A-Z_]{4,})": (?:os\.environ|env\()', CONFIG):
        assert f"`{setting}`" in README, setting


def test_readme_names_the_two_commands_and_ci_runs_the_test_one() -> None:
    assert "scripts/demo.sh" in README and "scripts/test.sh" in README
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text()
    assert "scripts/test.sh" in ci
