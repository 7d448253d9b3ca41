"""The sign-in throttle under a burst: parallel requests, each with its own client and database
connection, on the test database (a SQLite file in WAL mode, or TEST_DATABASE_URL's
PostgreSQL). Counting and checking the count must be one step, or the burst slips past it."""

import threading
from collections import Counter

from conftest import PASSWORD, csrf_token_of

from media_catalog import accounts

BURST = 40
CHECK_SECONDS = 0.1  # each password check is made slower, so the burst overlaps for sure


def test_a_burst_of_wrong_passwords_gets_five_checks_and_then_the_right_one_waits(
    app, add_user, monkeypatch
) -> None:
    email = add_user("editor")
    checks, limit_reached, lock = [], threading.Event(), threading.Lock()
    real_check = accounts.check_password_hash

    def counted_check(password_hash: str, password: str) -> bool:
        with lock:
            checks.append(password)
            if len(checks) >= accounts.MAX_FAILURES:
                limit_reached.set()
        threading.Event().wait(CHECK_SECONDS)
        return real_check(password_hash, password)

    monkeypatch.setattr(accounts, "check_password_hash", counted_check)
    statuses: list[int] = []
    clients = [app.test_client() for _ in range(BURST + 1)]
    tokens = [csrf_token_of(client) for client in clients]
    start = threading.Barrier(BURST)

    def attempt(index: int, password: str) -> None:
        data = {"email": email, "password": password, "csrf_token": tokens[index]}
        if index < BURST:
            start.wait(timeout=30)
        else:  # the right password, sent once the limit's checks are under way
            limit_reached.wait(timeout=30)
        response = clients[index].post("/login", data=data)
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=(i, f"guess {i}")) for i in range(BURST)]
    threads.append(threading.Thread(target=attempt, args=(BURST, PASSWORD)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(checks) <= accounts.MAX_FAILURES and PASSWORD not in checks
    assert Counter(statuses) == {401: accounts.MAX_FAILURES, 429: BURST + 1 - accounts.MAX_FAILURES}
    with clients[BURST].session_transaction() as session:
        assert "user_id" not in session
