"""Every route, read from app.url_map, with hostile values in its path and query: a digit Python
cannot turn into a number (`²`), a negative number, control characters, a very long value. A
request never gets a 500 or a traceback, whoever asks."""

import pytest
from werkzeug.routing import AnyConverter, UnicodeConverter

HOSTILE = ["²", "-1", "0", "x\x00y", "\u202e", "9" * 30, "a" * 2000]
# A value each free-text argument takes on the demo, so one hostile argument meets real others.
DEMO_VALUES = {"slug": "interview-historian", "language": "en", "ref": "en-1", "film": "refusenik"}
QUERY_NAMES = ["page", "t", "q", "before", "by", "media", "kind", "language", "from", "to", "rate"]


def hostile_urls(app) -> list[str]:  # type: ignore[no-untyped-def]
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        converters = rule._converters  # noqa: SLF001 - which arguments are free text
        texts = [n for n, c in converters.items() if type(c) is UnicodeConverter]
        fixed = {
            n: next(iter(c.items)) if isinstance(c, AnyConverter) else 1
            for n, c in converters.items()
            if n not in texts
        }
        with app.test_request_context():
            from flask import url_for

            real = {n: DEMO_VALUES.get(n, "interview-historian") for n in texts}
            for value in HOSTILE:
                for name in texts:
                    urls.append(url_for(rule.endpoint, **fixed, **(real | {name: value})))
                    # one argument's value with a hostile tail: "en-²" for a segment ref
                    tail = real | {name: f"{real[name]}{value}"}
                    urls.append(url_for(rule.endpoint, **fixed, **tail))
                query = "&".join(f"{q}={value}" for q in QUERY_NAMES)
                urls.append(url_for(rule.endpoint, **fixed, **real) + "?" + query)
    return urls


@pytest.mark.parametrize("role", [None, "editor", "admin"])
def test_no_route_answers_hostile_parameters_with_a_500(
    app, client, demo_catalog, login_as, role
) -> None:
    if role:
        login_as(role)
    failures, urls = [], hostile_urls(app)
    assert len(urls) > 1000
    for url in urls:
        response = client.get(url)
        body = response.get_data(as_text=True) if response.mimetype.startswith("text") else ""
        response.close()
        if response.status_code >= 500 or "Traceback" in body:
            failures.append((url[:120], response.status_code))
    assert failures == []


def test_a_nul_character_in_a_form_or_json_is_a_400(app, client, demo_catalog, login_as) -> None:
    """PostgreSQL's text columns refuse NUL: stored anywhere, it was a 500 there."""
    from conftest import csrf_token_of

    login_as("editor")
    token = csrf_token_of(client)
    form = client.post(
        "/media/interview-historian/tags",
        data={"csrf_token": token, "in": "1", "out": "2", "tag": "a\x00b", "note": ""},
    )
    posted = client.post(
        "/api/review/annotations/1",
        json={"action": "confirm", "version": 1, "entity": "x\x00y"},
        headers={"X-CSRF-Token": token},
    )
    repeated = client.get("/search", query_string=[("q", "Begun"), ("q", "x\x00")])
    named = client.get("/search?q=Begun&x%00=1")
    for response in (form, posted, repeated, named):
        assert response.status_code == 400
        assert "NUL character" in response.get_data(as_text=True)
