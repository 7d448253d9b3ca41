"""Accounts: adding users, roles, password hashing and the sign-in throttle."""

import pytest
from sqlalchemy import select

from media_catalog import accounts
from media_catalog.db import transaction
from media_catalog.models import AuditEvent, LoginAttempt

PASSWORD = "a long enough secret"


def test_passwords_are_stored_as_salted_scrypt_hashes(sessions) -> None:
    with transaction(sessions) as session:
        one = accounts.add_user(session, "One@Example.org ", PASSWORD, "editor")
        two = accounts.add_user(session, "two@example.org", PASSWORD, "viewer")
    assert one.email == "one@example.org"
    assert one.password_hash.startswith("scrypt:") and PASSWORD not in one.password_hash
    assert one.password_hash != two.password_hash  # salted


@pytest.mark.parametrize(
    ("email", "password", "role", "reason"),
    [
        ("nobody", PASSWORD, "editor", "not an email address"),
        ("a@example.org", "short", "editor", "at least 10 characters"),
        ("a@example.org", PASSWORD, "owner", "unknown role 'owner'"),
    ],
)
def test_bad_accounts_are_refused_with_the_reason(sessions, email, password, role, reason) -> None:
    with sessions() as session, pytest.raises(accounts.AccountError, match=reason):
        accounts.add_user(session, email, password, role)


def test_an_email_is_added_only_once(sessions) -> None:
    with transaction(sessions) as session:
        accounts.add_user(session, "a@example.org", PASSWORD, "editor")
    with sessions() as session, pytest.raises(accounts.AccountError, match="already exists"):
        accounts.add_user(session, "A@example.org", PASSWORD, "viewer")


def test_role_changes_are_audited(sessions) -> None:
    with transaction(sessions) as session:
        accounts.add_user(session, "a@example.org", PASSWORD, "viewer")
    with transaction(sessions) as session:
        accounts.set_role(session, "a@example.org", "editor")
    with sessions() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [(e.action, e.object_id, e.before, e.after) for e in events] == [
            ("create", "a@example.org", None, {"role": "viewer"}),
            ("update", "a@example.org", {"role": "viewer"}, {"role": "editor"}),
        ]


def test_authenticate_checks_the_password(sessions) -> None:
    with transaction(sessions) as session:
        accounts.add_user(session, "a@example.org", PASSWORD, "editor")
    with transaction(sessions) as session:
        assert (
            accounts.authenticate(session, "A@example.org", PASSWORD, "10.0.0.1").role == "editor"
        )
        assert accounts.authenticate(session, "a@example.org", "wrong password", "10.0.0.1") is None
        assert accounts.authenticate(session, "b@example.org", PASSWORD, "10.0.0.1") is None


def test_failed_sign_ins_throttle_that_account_from_that_address_only(sessions) -> None:
    with transaction(sessions) as session:
        accounts.add_user(session, "a@example.org", PASSWORD, "editor")
    for _ in range(accounts.MAX_FAILURES):
        with transaction(sessions) as session:
            assert accounts.authenticate(session, "a@example.org", "guess", "10.0.0.1") is None
    with transaction(sessions) as session, pytest.raises(accounts.Throttled):
        accounts.authenticate(session, "a@example.org", PASSWORD, "10.0.0.1")  # even the right one
    with transaction(sessions) as session:
        assert accounts.authenticate(session, "a@example.org", PASSWORD, "10.0.0.2") is not None


def test_failures_older_than_the_window_no_longer_count(sessions) -> None:
    with transaction(sessions) as session:
        accounts.add_user(session, "a@example.org", PASSWORD, "editor")
        for _ in range(accounts.MAX_FAILURES):
            session.add(
                LoginAttempt(
                    email="a@example.org",
                    address="10.0.0.1",
                    at=accounts.utcnow() - accounts.FAILURE_WINDOW * 2,
                )
            )
    with transaction(sessions) as session:
        assert accounts.authenticate(session, "a@example.org", PASSWORD, "10.0.0.1") is not None
        assert session.scalars(select(LoginAttempt)).all() == []  # success clears the pair


def generation(sessions, email: str) -> int:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return accounts.user_by_email(session, email).session_generation


def test_sessions_are_revoked_by_a_new_password_or_role_but_not_by_the_same_role(sessions) -> None:
    with transaction(sessions) as session:
        accounts.add_user(session, "a@example.org", PASSWORD, "viewer")
    assert generation(sessions, "a@example.org") == 0
    with transaction(sessions) as session:
        accounts.set_role(session, "a@example.org", "viewer")
    assert generation(sessions, "a@example.org") == 0
    with transaction(sessions) as session:
        user = accounts.set_role(session, "a@example.org", "editor")
        assert user.session_generation == 1  # the object in hand is updated too
    with transaction(sessions) as session:
        accounts.set_password(session, "a@example.org", "a new long secret")
    assert generation(sessions, "a@example.org") == 2
    with transaction(sessions) as session:
        assert accounts.authenticate(session, "a@example.org", PASSWORD, "10.0.0.1") is None
        assert accounts.authenticate(session, "a@example.org", "a new long secret", "10.0.0.1")


def test_password_changes_are_audited_without_the_hash(sessions) -> None:
    with transaction(sessions) as session:
        accounts.add_user(session, "a@example.org", PASSWORD, "viewer")
    with transaction(sessions) as session, pytest.raises(accounts.AccountError, match="at least"):
        accounts.set_password(session, "a@example.org", "short")
    with transaction(sessions) as session:
        accounts.set_password(session, "a@example.org", "a new long secret")
    with sessions() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (event.action, event.object_id, event.before, event.after) == (
            "update",
            "a@example.org",
            {},
            {"password": "changed"},
        )


def test_a_sign_in_is_counted_before_its_password_is_checked(sessions, monkeypatch) -> None:
    """claim_attempt commits the count on its own, so a parallel request sees it during the
    slow check (tests/web/test_sign_in_throttle.py runs the burst)."""
    seen = []

    def check_password_hash(*_: str) -> bool:
        with sessions() as session:  # another connection, as a parallel request has
            seen.append(accounts.recent_failures(session, "a@example.org", "x"))
        return False

    monkeypatch.setattr(accounts, "check_password_hash", check_password_hash)
    for _ in range(accounts.MAX_FAILURES):
        with transaction(sessions) as session:
            accounts.claim_attempt(session, "A@example.org", "x")
        with transaction(sessions) as session:
            assert accounts.check_credentials(session, "a@example.org", "guess", "x") is None
    assert seen == [1, 2, 3, 4, 5]
    with transaction(sessions) as session, pytest.raises(accounts.Throttled):
        accounts.claim_attempt(session, "a@example.org", "x")
