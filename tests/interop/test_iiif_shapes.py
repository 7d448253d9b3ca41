"""IIIF Presentation 3 in the shapes of the AV cookbook recipes (0219 captions, 0026/0064 ranges,
0103 annotations, 0074 captions in several languages), checked over every manifest the demo
gives the public and an editor, validated with iiif-prezi3 too; and the film as a Collection
of the manifests of its media the visitor may see."""

import re
from datetime import datetime
from typing import Any

from iiif_prezi3 import Collection, Manifest
from sqlalchemy import select

from media_catalog.db import transaction
from media_catalog.models import Annotation, Film, MediaItem

RESTRICTED_ITEM = "refusenik-seminar-moscow-flat-circa-1978"
FRAGMENT = re.compile(r"^t=(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)$")
RIGHTS = ("http://creativecommons.org/", "http://rightsstatements.org/vocab/")


def _language_map(value: Any, where: str) -> list[str]:
    if not (isinstance(value, dict) and value):
        return [f"{where}: not a language map: {value!r}"]
    return [
        f"{where}: {key!r} is not a list of strings"
        for key, texts in value.items()
        if not (isinstance(texts, list) and texts and all(isinstance(t, str) for t in texts))
    ]


def _walk(node: Any, where: str = "$") -> list[str]:
    """Every label and summary a language map, every time with a zone."""
    problems: list[str] = []
    if isinstance(node, list):
        for n, child in enumerate(node):
            problems += _walk(child, f"{where}[{n}]")
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("label", "summary"):
                problems += _language_map(value, f"{where}.{key}")
            elif key in ("created", "modified") and value is not None:
                if datetime.fromisoformat(value).tzinfo is None:
                    problems.append(f"{where}.{key}: {value!r} has no zone")
            elif key in ("metadata",):
                for n, pair in enumerate(value):
                    problems += _language_map(pair.get("value"), f"{where}.metadata[{n}].value")
            problems += _walk(value, f"{where}.{key}")
    return problems


def _fragment_within(value: str, duration: float, where: str) -> list[str]:
    match = FRAGMENT.match(value)
    if not match:
        return [f"{where}: {value!r} is not t=a,b"]
    start, end = (float(g) for g in match.groups())
    return [] if 0 <= start < end <= duration + 0.001 else [f"{where}: {value} outside the canvas"]


def _check_annotations(canvas: dict, problems: list[str]) -> None:  # type: ignore[type-arg]
    for page in canvas.get("annotations", []):
        for annotation in page["items"]:
            where, target = annotation["id"], annotation["target"]
            if annotation["motivation"] == "supplementing":  # 0219, 0074: the whole canvas
                body = annotation["body"]
                if target != canvas["id"] or body["format"] != "text/vtt" or not body["language"]:
                    problems.append(f"{where}: not a caption track over the canvas")
                continue
            selector = target.get("selector", {}) if isinstance(target, dict) else {}
            if (
                not isinstance(target, dict)
                or target.get("type") != "SpecificResource"
                or target.get("source") != canvas["id"]
                or selector.get("type") != "FragmentSelector"
            ):
                problems.append(f"{where}: target is not a SpecificResource of the canvas")
                continue
            problems += _fragment_within(selector["value"], canvas["duration"], where)


def _check_ranges(ranges: list, canvas: dict, problems: list[str]) -> None:  # type: ignore[type-arg]
    for range_ in ranges:
        for item in range_["items"]:
            if item["type"] == "Range":
                _check_ranges([item], canvas, problems)
                continue
            source, _, fragment = item["id"].partition("#")
            if item["type"] != "Canvas" or source != canvas["id"]:
                problems.append(f"{range_['id']}: {item['id']} is not a stretch of the canvas")
            else:
                problems += _fragment_within(fragment, canvas["duration"], range_["id"])


def manifest_shape_problems(document: dict) -> list[str]:  # type: ignore[type-arg]
    """What in a manifest departs from the shapes the AV recipes use."""
    problems = _walk(document)
    if not str(document.get("rights", "")).startswith(RIGHTS):
        problems.append(f"rights {document.get('rights')!r} is not a CC or RightsStatements URI")
    statement = document.get("requiredStatement") or {}
    problems += _language_map(statement.get("label"), "requiredStatement.label")
    problems += _language_map(statement.get("value"), "requiredStatement.value")
    (canvas,) = document["items"]
    for painting in canvas["items"][0]["items"]:
        if painting["target"] != canvas["id"] or painting["motivation"] != "painting":
            problems.append(f"{painting['id']}: not painted on the canvas")
    _check_annotations(canvas, problems)
    _check_ranges(document.get("structures", []), canvas, problems)
    return problems


def _slugs(sessions) -> list[str]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return list(session.scalars(select(MediaItem.slug).order_by(MediaItem.slug)))


def test_every_demo_manifest_has_the_recipes_shapes(client, demo_catalog, login_as) -> None:
    slugs = _slugs(demo_catalog)
    with transaction(demo_catalog) as session:  # one chapter and a note to reach every shape
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-historian"))
        session.add(
            Annotation(
                media_item_id=item.id,
                start_ms=1000,
                end_ms=4000,
                note="a commenting note",
                origin="editor",
                status="confirmed",
            )
        )
    checked = {"public": 0, "editor": 0}
    for reader in ("public", "editor"):
        if reader == "editor":
            login_as("editor")
        for slug in slugs:
            response = client.get(f"/iiif/{slug}/manifest.json")
            if response.status_code == 404:
                assert reader == "public"  # restricted items only
                continue
            document = response.get_json(force=True)
            Manifest.model_validate(document)
            assert manifest_shape_problems(document) == [], slug
            checked[reader] += 1
    assert checked["editor"] == len(slugs) > checked["public"] > 0


def test_an_annotation_targets_its_stretch_of_the_canvas(client, demo_catalog) -> None:
    document = client.get("/iiif/interview-historian/manifest.json").get_json(force=True)
    canvas = document["items"][0]
    page = next(p for p in canvas["annotations"] if p["id"].endswith("/page/annotations"))
    target = page["items"][0]["target"]
    assert target["type"] == "SpecificResource" and target["source"] == canvas["id"]
    assert target["selector"]["conformsTo"] == "http://www.w3.org/TR/media-frags/"
    assert datetime.fromisoformat(page["items"][0]["created"]).utcoffset() is not None


def test_rights_uri_from_the_record_or_not_evaluated(client, demo_catalog) -> None:
    with transaction(demo_catalog) as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-historian"))
        item.rights = "CC BY 4.0: https://creativecommons.org/licenses/by/4.0/."
    document = client.get("/iiif/interview-historian/manifest.json").get_json(force=True)
    assert document["rights"] == "http://creativecommons.org/licenses/by/4.0/"  # canonical
    assert document["requiredStatement"]["value"] == {"none": [item.rights]}
    other = client.get("/iiif/interview-refusenik/manifest.json").get_json(force=True)
    assert other["rights"].startswith("http://rightsstatements.org/vocab/")


def test_the_film_is_a_collection_of_the_manifests_a_visitor_may_see(
    client, demo_catalog, login_as
) -> None:
    with demo_catalog() as session:
        film = session.scalars(select(Film).where(Film.media_items.any())).first()
        everything = {m.slug for m in film.media_items}
    url = f"/iiif/films/{film.slug}/collection.json"
    public = client.get(url)
    assert public.status_code == 200 and public.headers["Access-Control-Allow-Origin"] == "*"
    document = public.get_json(force=True)
    Collection.model_validate(document)
    assert _walk(document) == [] and document["type"] == "Collection"
    public_slugs = {item["id"].split("/iiif/")[1].split("/")[0] for item in document["items"]}
    assert public_slugs and public_slugs <= everything
    for item in document["items"]:
        assert item["type"] == "Manifest"
        assert client.get(item["id"]).status_code == 200, item["id"]
    login_as("editor")
    editor = client.get(url).get_json(force=True)
    editor_slugs = {item["id"].split("/iiif/")[1].split("/")[0] for item in editor["items"]}
    assert public_slugs <= editor_slugs
    if RESTRICTED_ITEM in everything:
        assert RESTRICTED_ITEM in editor_slugs and RESTRICTED_ITEM not in public_slugs
    assert client.get("/iiif/films/no-such-film/collection.json").status_code == 404
