"""The JSON API under /api/v1 and its OpenAPI description."""

import re


def test_openapi_describes_every_api_route(app, client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.rule != "/api/v1/openapi.json"
    }
    assert routes == set(spec["paths"])


def test_search_api(client, demo_catalog) -> None:
    data = client.get("/api/v1/search?q=Shcharansky&language=ru").get_json()
    assert data["total"] > 0 and data["names"][0]["slug"] == "natan-sharansky"
    moments = [m for r in data["results"] for m in r["moments"]]
    assert moments and all(m["language"] == "ru" for m in moments)
    assert all("?t=" in m["url"] for m in moments)
    assert data["facets"]["languages"] == [{"language": "ru", "count": data["total"]}]


def test_search_api_bad_query_is_400_with_a_message(client, demo_catalog) -> None:
    response = client.get('/api/v1/search?q="unbalanced')
    assert response.status_code == 400
    assert "quote" in response.get_json()["error"]["message"]


def test_media_transcript_entity_and_timeline_api(client, demo_catalog) -> None:
    media = client.get("/api/v1/media").get_json()["media"]
    slugs = {m["slug"] for m in media}
    assert "interview-refusenik" in slugs and "refusenik-gathering-ovrashki-1970s" not in slugs
    item = client.get("/api/v1/media/interview-refusenik").get_json()
    languages = {t["language"] for t in item["transcripts"]}
    assert languages == {"en", "ru"}
    track = client.get("/api/v1/media/interview-refusenik/transcripts/ru").get_json()
    assert track["segments"] and any(s["annotations"] for s in track["segments"])
    assert not any("schizophren" in s["text"].lower() for s in track["segments"])
    person = client.get("/api/v1/entities/natan-sharansky").get_json()
    assert {"Щаранский"} <= {a["text"] for a in person["aliases"]}
    assert person["moments"] and person["alongside"]
    events = client.get("/api/v1/timeline").get_json()["events"]
    assert events and any(e["moments"] for e in events)
    assert client.get("/api/v1/media/refusenik-gathering-ovrashki-1970s").status_code == 404
    assert client.get("/api/v1/media/nope").get_json()["error"]["code"] == 404
