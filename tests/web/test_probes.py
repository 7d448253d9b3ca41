"""/healthz and /readyz: the process answers without the database; readiness names the check
that fails (and only its name) with 503."""

from __future__ import annotations

import json
import socket

from media_catalog import create_app, migrate


def test_healthz_answers_without_the_database(app, client, monkeypatch) -> None:
    def no_database(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("healthz touched the database")

    monkeypatch.setattr(app.extensions["media_catalog"]["engine"], "connect", no_database)
    response = client.get("/healthz")
    assert (response.status_code, response.json) == (200, {"status": "ok"})


def test_readyz_names_the_failing_check_without_its_reason(app, client, tmp_path) -> None:
    checks = client.get("/readyz").json["checks"]
    assert checks == {"database": "ok", "job_queue": "ok", "media_root": "ok"}
    app.config["MEDIA_ROOT"] = str(tmp_path / "no" / "such" / "folder")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json == {
        "status": "not ready",
        "checks": {"database": "ok", "job_queue": "ok", "media_root": "failing"},
    }
    assert "no/such" not in response.get_data(as_text=True)


def test_readyz_fails_when_the_job_queue_cannot_be_reached(
    database_url, media_root, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """A Redis queue nobody listens on (a closed port): not ready, naming the queue only."""
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media_root),
            "SECRET_KEY": "test",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "JOBS_URL": f"redis://127.0.0.1:{port}/0",
        }
    )
    migrate.upgrade(app.extensions["media_catalog"]["engine"])
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.data)["checks"] == {
        "database": "ok",
        "job_queue": "failing",
        "media_root": "ok",
    }
    assert str(port) not in response.get_data(as_text=True)
    app.extensions["media_catalog"]["engine"].dispose()


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
