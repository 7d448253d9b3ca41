"""Accounts: adding users, changing roles, and signing in with a throttle on failed attempts.
Passwords are hashed with scrypt (memory-hard, salted); plain passwords are never stored."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import CatalogError
from .models import USER_ROLES, AuditEvent, LoginAttempt, User
from .models.base import utcnow

MIN_PASSWORD_LENGTH = 10
MAX_FAILURES = 5  # failed sign-ins per account and address within the window ...
FAILURE_WINDOW = timedelta(minutes=15)  # ... before that pair must wait for the window to pass
# A password check also runs for unknown accounts, so timing does not tell which emails exist.
_DUMMY_HASH = generate_password_hash("not a real password", method="scrypt")


class AccountError(CatalogError):
    """A user that cannot be added or changed: says which and why."""


class Throttled(CatalogError):
    """Too many failed sign-ins for this account from this address."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def generate_password() -> str:
    return secrets.token_urlsafe(15)


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def _check_role(role: str) -> str:
    if role not in USER_ROLES:
        raise AccountError(f"unknown role {role!r}: use one of {', '.join(USER_ROLES)}")
    return role


def add_user(
    session: Session, email: str, password: str, role: str, name: str | None = None
) -> User:
    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise AccountError(f"{email!r} is not an email address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if user_by_email(session, email) is not None:
        raise AccountError(f"a user {email} already exists")
    user = User(
        email=email, name=name, password_hash=hash_password(password), role=_check_role(role)
    )
    session.add(user)
    session.flush()
    session.add(
        AuditEvent(
            actor="cli",
            action="create",
            object_type="user",
            object_id=email,
            before=None,
            after={"role": role},
        )
    )
    return user


def set_role(session: Session, email: str, role: str, actor: User | None = None) -> User:
    user = user_by_email(session, email)
    if user is None:
        raise AccountError(f"no user {normalise_email(email)}")
    before = user.role
    user.role = _check_role(role)
    session.add(
        AuditEvent(
            user_id=actor.id if actor else None,
            actor=actor.email if actor else "cli",
            action="update",
            object_type="user",
            object_id=user.email,
            before={"role": before},
            after={"role": role},
        )
    )
    return user


def users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))


def recent_failures(session: Session, email: str, address: str) -> int:
    since = utcnow() - FAILURE_WINDOW
    return (
        session.scalar(
            select(func.count()).where(
                LoginAttempt.email == normalise_email(email),
                LoginAttempt.address == address,
                LoginAttempt.at >= since,
            )
        )
        or 0
    )


def authenticate(session: Session, email: str, password: str, address: str) -> User | None:
    """The user when email and password match; None when they do not (the failure is recorded).
    Raises Throttled, without checking the password, after too many recent failures."""
    email = normalise_email(email)
    if recent_failures(session, email, address) >= MAX_FAILURES:
        raise Throttled("Too many failed sign-ins. Please wait a few minutes and try again.")
    user = user_by_email(session, email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
    elif check_password_hash(user.password_hash, password):
        session.execute(
            delete(LoginAttempt).where(LoginAttempt.email == email, LoginAttempt.address == address)
        )
        return user
    session.add(LoginAttempt(email=email, address=address))
    # Old failures say nothing any more: prune them so the table stays small.
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - FAILURE_WINDOW))
    return None
