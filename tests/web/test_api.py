"""The JSON API: answers, errors as JSON, restricted material absent, and an OpenAPI
description that covers every route."""

import re

import pytest


def get(client, url: str, status: int = 200):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:300])
    assert response.is_json
    return response.json


def test_search_answers_groups_hits_and_facets(client, demo_catalog) -> None:
    data = get(client, "/api/v1/search?q=Щаранский&language=ru")
    assert data["named_entities"] == [{"slug": "natan-sharansky", "name": "Natan Sharansky"}]
    hits = [hit for group in data["groups"] for hit in group["hits"]]
    assert hits and {hit["language"] for hit in hits} == {"ru"}
    for hit in hits:
        assert hit["url"].startswith("/media/interview-refusenik?t=")
        for start, end in hit["highlights"]:
            assert 0 <= start < end <= len(hit["snippet"])
    assert set(data["facets"]) == {
        *("people", "events", "places", "organizations", "topics"),
        *("films", "kinds", "languages", "speakers", "decades"),
    }
    scores = [hit["score"] for group in data["groups"] for hit in group["hits"]]
    assert all(isinstance(score, float) for score in scores)
    best = [max(hit["score"] for hit in group["hits"]) for group in data["groups"]]
    assert best == sorted(best, reverse=True)  # pages in score order


def test_bad_query_is_a_json_400_with_a_message(client, demo_catalog) -> None:
    data = get(client, "/api/v1/search?q=%22open", 400)
    assert "never closed" in data["error"]["message"]
    assert "Type a word" in get(client, "/api/v1/search", 400)["error"]["message"]


def test_media_and_transcripts_with_annotations(client, demo_catalog) -> None:
    slugs = [m["slug"] for m in get(client, "/api/v1/media")["media"]]
    assert "interview-refusenik" in slugs
    item = get(client, "/api/v1/media/interview-refusenik")
    assert item["films"] == ["refusenik"] and {"ru", "en"} <= {
        t["language"] for t in item["transcripts"]
    }
    data = get(client, "/api/v1/media/interview-refusenik/transcripts")
    segments = [s for t in data["transcripts"] for s in t["segments"]]
    annotated = [s for s in segments if s["annotations"]]
    assert annotated and all(a["entity"] or a["tag"] for s in annotated for a in s["annotations"])


def test_restricted_material_is_absent_from_every_answer(client, demo_catalog) -> None:
    clip = "refusenik-seminar-moscow-flat-circa-1978"
    assert clip not in [m["slug"] for m in get(client, "/api/v1/media")["media"]]
    get(client, f"/api/v1/media/{clip}", 404)
    get(client, f"/api/v1/media/{clip}/transcripts", 404)
    texts = [
        s["text"]
        for t in get(client, "/api/v1/media/interview-refusenik/transcripts")["transcripts"]
        for s in t["segments"]
    ]
    assert not any("psychiatric" in text for text in texts)
    assert get(client, "/api/v1/search?q=psychiatric")["total_hits"] == 0
    timeline = get(client, "/api/v1/timeline")["events"]
    assert all(m["media"] != clip for e in timeline for m in e["moments"])


def test_entities_and_timeline(client, demo_catalog) -> None:
    people = get(client, "/api/v1/entities?kind=person")["entities"]
    assert people and {p["kind"] for p in people} == {"person"}
    person = get(client, "/api/v1/entities/natan-sharansky")
    assert "Щаранский" in [a["text"] for a in person["aliases"]]
    assert person["moments"] and person["mentioned_alongside"]
    events = get(client, "/api/v1/timeline")["events"]
    starts = [e["date_start"] for e in events if e["date_start"]]
    assert starts == sorted(starts)
    get(client, "/api/v1/entities/nobody", 404)


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def test_openapi_describes_every_api_route(app, client) -> None:
    document = get(client, "/api/v1/openapi.json")
    assert document["openapi"].startswith("3.")
    routes = {
        _openapi_path(rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
    }
    assert routes and routes == set(document["paths"])
    for path, item in document["paths"].items():
        assert set(item) == {"get"}, path  # read-only for now
        names = {p["name"] for p in item["get"].get("parameters", []) if p["in"] == "path"}
        assert names == set(re.findall(r"{(\w+)}", path)), path


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_api_is_read_only(client, demo_catalog, csrf, method: str) -> None:
    # Without a CSRF token the request is refused before routing; with one, no method but GET.
    refused = getattr(client, method)("/api/v1/search?q=KGB")
    assert refused.status_code == 400 and refused.is_json
    response = getattr(client, method)("/api/v1/search?q=KGB", headers={"X-CSRF-Token": csrf()})
    assert response.status_code == 405 and response.is_json


def test_a_page_number_that_is_not_one_is_a_400_naming_it(client, demo_catalog) -> None:
    for page in ("²", "abc", "0", "-1", "1.5", "٣"):
        for url in ("/api/v1/search", "/search"):
            response = client.get(url, query_string={"q": "Sharansky", "page": page})
            assert response.status_code == 400, (url, page)
            text = response.get_data(as_text=True)
            assert "page: give a whole number from 1" in text and "Traceback" not in text
    assert (
        client.get("/api/v1/search", query_string={"q": "Sharansky", "page": "2"}).status_code
        == 200
    )
