"""/healthz and /readyz: the process answers without the database; readiness names the check
that fails (and only its name) with 503."""

from __future__ import annotations

import json

from media_catalog.web import health


def test_healthz_answers_without_the_database(app, client, monkeypatch) -> None:
    def no_database(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("healthz touched the database")

    monkeypatch.setattr(app.extensions["media_catalog"]["engine"], "connect", no_database)
    response = client.get("/healthz")
    assert (response.status_code, response.json) == (200, {"status": "ok"})


def test_readyz_names_the_failing_check_without_its_reason(app, client, tmp_path) -> None:
    assert client.get("/readyz").json["checks"] == {"database": "ok", "media_root": "ok"}
    app.config["MEDIA_ROOT"] = str(tmp_path / "no" / "such" / "folder")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json == {
        "status": "not ready",
        "checks": {"database": "ok", "media_root": "failing"},
    }
    assert "no/such" not in response.get_data(as_text=True)


def test_a_new_check_is_one_entry(client, monkeypatch) -> None:
    def queue() -> None:
        raise ConnectionError("queue down")

    monkeypatch.setitem(health.CHECKS, "queue", queue)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.data)["checks"]["queue"] == "failing"


def test_every_answer_carries_a_request_id(client) -> None:
    given = client.get("/healthz", headers={"X-Request-Id": "abc-123-def.456"})
    assert given.headers["X-Request-Id"] == "abc-123-def.456"
    made = client.get("/", headers={"X-Request-Id": 'forged" level=error'}).headers["X-Request-Id"]
    assert made != 'forged" level=error' and len(made) == 32


def test_readyz_fails_when_the_database_does_not_answer(app, client, monkeypatch) -> None:
    from sqlalchemy.exc import OperationalError

    def unreachable(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    monkeypatch.setattr(app.extensions["media_catalog"]["engine"], "connect", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["database"] == "failing"
    assert client.get("/healthz").status_code == 200
