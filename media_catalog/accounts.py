"""Accounts: adding users, changing roles and passwords, signing in with a throttle on failed
attempts, and revoking sessions. Passwords are hashed with scrypt (memory-hard, salted); plain
passwords are never stored. The session cookie itself is the web layer's (web/auth.py)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import String, delete, func, insert, literal, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import CatalogError
from .models import USER_ROLES, AuditEvent, LoginAttempt, User
from .models.base import utcnow
from .wording import N_

MIN_PASSWORD_LENGTH = 10
MAX_FAILURES = 5  # failed sign-ins per account and address within the window ...
FAILURE_WINDOW = timedelta(minutes=15)  # ... before that pair must wait for the window to pass
# A password check also runs for unknown accounts, so timing does not tell which emails exist.
_DUMMY_HASH = generate_password_hash("not a real password", method="scrypt")


NO_USER = N_("no user %(email)s")


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
        raise AccountError(
            N_("unknown role '%(role)s': use one of %(roles)s"),
            role=role,
            roles=", ".join(USER_ROLES),
        )
    return role


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            N_("the password must have at least %(min)d characters"), min=MIN_PASSWORD_LENGTH
        )
    return password


def _existing_user(session: Session, email: str) -> User:
    user = user_by_email(session, email)
    if user is None:
        raise AccountError(NO_USER, email=normalise_email(email))
    return user


def add_user(
    session: Session, email: str, password: str, role: str, name: str | None = None
) -> User:
    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise AccountError(N_("'%(email)s' is not an email address"), email=email)
    _check_password(password)
    if user_by_email(session, email) is not None:
        raise AccountError(N_("a user %(email)s already exists"), email=email)
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


def _audit_update(
    session: Session, user: User, actor: User | None, before: dict[str, str], after: dict[str, str]
) -> None:
    session.add(
        AuditEvent(
            user_id=actor.id if actor else None,
            actor=actor.email if actor else "cli",
            action="update",
            object_type="user",
            object_id=user.email,
            before=before,
            after=after,
        )
    )


def set_role(session: Session, email: str, role: str, actor: User | None = None) -> User:
    """A new role signs the account out everywhere: its sessions were granted under the old one."""
    user = _existing_user(session, email)
    before = user.role
    user.role = _check_role(role)
    if role != before:
        revoke_sessions(session, user)
    _audit_update(session, user, actor, {"role": before}, {"role": role})
    return user


def set_password(session: Session, email: str, password: str, actor: User | None = None) -> User:
    """A new password signs the account out everywhere: whoever knew the old one is out too."""
    user = _existing_user(session, email)
    user.password_hash = hash_password(_check_password(password))
    revoke_sessions(session, user)
    _audit_update(session, user, actor, {}, {"password": "changed"})  # never the hash
    return user


def revoke_sessions(session: Session, user: User) -> int:
    """Move the user's session generation on, so every session cookie signed before no longer
    signs anyone in (web/auth.py checks it on each request). Returns the new generation, for
    the session being started at sign-in. One UPDATE, so two racing calls never share one."""
    generation: int = session.execute(
        update(User)
        .where(User.id == user.id)
        .values(session_generation=User.session_generation + 1)
        .returning(User.session_generation)
    ).scalar_one()
    return generation


def users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))


def _pair(email: str, address: str) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return LoginAttempt.email == normalise_email(email), LoginAttempt.address == address


def recent_failures(session: Session, email: str, address: str) -> int:
    since = utcnow() - FAILURE_WINDOW
    counted = select(func.count()).where(*_pair(email, address), LoginAttempt.at >= since)
    return session.scalar(counted) or 0


def claim_attempt(session: Session, email: str, address: str) -> None:
    """Count a sign-in against its account and address before its password is checked; raise
    Throttled when MAX_FAILURES are counted in the window already. Counting and checking the
    count are one conditional INSERT, so parallel requests cannot all read a low count before
    any of them writes: at most MAX_FAILURES password checks per pair and window. Commit the
    claim before the (slow) password check, so that parallel requests see it at once."""
    email, now = normalise_email(email), utcnow()
    if session.get_bind().dialect.name == "postgresql":
        # Under READ COMMITTED two such INSERTs may count the same rows: a transaction lock per
        # account and address makes them take turns. SQLite runs one writer at a time anyway,
        # and a write statement always reads the newest data.
        key = func.hashtextextended(f"{email}\n{address}", 0)
        session.execute(select(func.pg_advisory_xact_lock(key)))
    counted = (
        select(func.count())
        .where(*_pair(email, address), LoginAttempt.at >= now - FAILURE_WINDOW)
        .scalar_subquery()
    )
    values = select(
        literal(email, String), literal(address, String), literal(now, LoginAttempt.at.type)
    ).where(counted < MAX_FAILURES)
    claim = insert(LoginAttempt).from_select(["email", "address", "at"], values)
    # RETURNING, not rowcount: psycopg reports -1 for an INSERT ... SELECT that added no row.
    if session.execute(claim.returning(LoginAttempt.id)).first() is None:
        raise Throttled(N_("Too many failed sign-ins. Please wait a few minutes and try again."))
    # Old failures say nothing any more: prune them so the table stays small.
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - FAILURE_WINDOW))


def check_credentials(session: Session, email: str, password: str, address: str) -> User | None:
    """After claim_attempt: the user when email and password match, which clears the pair's
    count; None when they do not, and the claim stays counted as the failure it was."""
    user = user_by_email(session, email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    session.execute(delete(LoginAttempt).where(*_pair(email, address)))
    return user


def authenticate(session: Session, email: str, password: str, address: str) -> User | None:
    """The user when email and password match; None when they do not (the failure is counted).
    Raises Throttled, without checking the password, after too many recent failures. In one
    transaction; the web commits between the two steps (web/auth.py)."""
    claim_attempt(session, email, address)
    return check_credentials(session, email, password, address)
