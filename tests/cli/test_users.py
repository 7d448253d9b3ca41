"""The user commands: add (prompted or generated password), list, role."""

from sqlalchemy import select

from media_catalog import accounts
from media_catalog.models import User


def test_user_add_prompts_for_the_password_twice(runner, sessions) -> None:
    result = runner.invoke(
        args=["user", "add", "ida@example.org", "--role", "editor", "--name", "Ida R."],
        input="a long enough secret\na long enough secret\n",
    )
    assert result.exit_code == 0, result.output
    assert "Added ida@example.org (editor)." in result.output
    with sessions() as session:
        user = session.scalar(select(User))
        assert (user.email, user.role, user.name) == ("ida@example.org", "editor", "Ida R.")
        assert accounts.authenticate(session, "ida@example.org", "a long enough secret", "x")


def test_user_add_can_generate_a_password_and_prints_it_once(runner, sessions) -> None:
    result = runner.invoke(args=["user", "add", "a@example.org", "--generate-password"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Password")]
    assert len(lines) == 1
    password = lines[0].split(": ", 1)[1]
    with sessions() as session:
        assert accounts.authenticate(session, "a@example.org", password, "x").role == "viewer"


def test_user_list_and_role(runner) -> None:
    runner.invoke(args=["user", "add", "b@example.org", "--generate-password"])
    result = runner.invoke(args=["user", "role", "b@example.org", "admin"])
    assert result.exit_code == 0 and "b@example.org is now admin." in result.output
    listing = runner.invoke(args=["user", "list"])
    assert listing.output.splitlines() == ["b@example.org\tadmin\t"]


def test_user_errors_are_one_clean_line(runner) -> None:
    result = runner.invoke(args=["user", "role", "nobody@example.org", "editor"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no user nobody@example.org"
    short = runner.invoke(args=["user", "add", "c@example.org"], input="short\nshort\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
