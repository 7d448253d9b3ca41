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


def test_user_password_sets_a_new_one_and_signs_the_account_out(runner, sessions) -> None:
    runner.invoke(args=["user", "add", "d@example.org", "--generate-password"])
    with sessions() as session:
        before = accounts.user_by_email(session, "d@example.org").session_generation
    result = runner.invoke(
        args=["user", "password", "D@example.org"], input="a new long secret\na new long secret\n"
    )
    assert result.exit_code == 0, result.output
    assert "New password set for d@example.org; its sessions are signed out." in result.output
    with sessions() as session:
        assert accounts.user_by_email(session, "d@example.org").session_generation > before
        assert accounts.authenticate(session, "d@example.org", "a new long secret", "x")


def test_user_password_can_generate_one_and_refuses_bad_input_in_one_line(runner) -> None:
    runner.invoke(args=["user", "add", "e@example.org", "--generate-password"])
    generated = runner.invoke(args=["user", "password", "e@example.org", "--generate-password"])
    assert generated.exit_code == 0
    assert len([line for line in generated.output.splitlines() if "shown only now" in line]) == 1
    nobody = runner.invoke(args=["user", "password", "x@example.org", "--generate-password"])
    assert nobody.exit_code == 1 and nobody.output.strip() == "Error: no user x@example.org"
    short = runner.invoke(args=["user", "password", "e@example.org"], input="short\nshort\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output


def test_user_password_help_has_an_example(runner) -> None:
    result = runner.invoke(args=["user", "password", "--help"])
    assert result.exit_code == 0 and "media-catalog user password" in result.output
