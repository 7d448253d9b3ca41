"""IIIF Presentation 3 rules for rights: `rights` is one URI of the RightsStatements.org or
Creative Commons sets (licences.KNOWN), `requiredStatement` a label and value pair carrying the
credit line; manifests and the film's collection validated with iiif-prezi3 too."""

from iiif_prezi3 import Collection, Manifest
from sqlalchemy import select
from test_iiif_shapes import manifest_shape_problems

from media_catalog import licences
from media_catalog.db import transaction
from media_catalog.models import Film, MediaItem

CLIP = "arrival-lod-airport-1971"


def _manifest(client, slug: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    document = client.get(f"/iiif/{slug}/manifest.json").get_json(force=True)
    Manifest.model_validate(document)
    assert manifest_shape_problems(document) == []
    return document  # type: ignore[no-any-return]


def _metadata(document: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {m["label"]["en"][0]: m["value"]["none"][0] for m in document["metadata"]}


def test_every_demo_manifest_names_a_known_statement(client, demo_catalog, login_as) -> None:
    login_as("editor")
    with demo_catalog() as session:
        slugs = session.scalars(select(MediaItem.slug)).all()
    for slug in slugs:
        document = _manifest(client, slug)
        assert document["rights"] in licences.KNOWN, slug
        statement = document["requiredStatement"]
        assert set(statement) == {"label", "value"}, slug


def test_the_items_statement_and_credit_travel_in_the_manifest(client, demo_catalog) -> None:
    document = _manifest(client, CLIP)
    assert document["rights"] == "http://rightsstatements.org/vocab/InC-EDU/1.0/"
    with demo_catalog() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == CLIP))
    assert document["requiredStatement"] == {
        "label": {"en": ["Attribution"]},
        "value": {"none": [item.source_credit]},
    }
    metadata = _metadata(document)
    assert metadata["Rights holder"] == "Israeli Newsreel Collection (demo)"
    assert metadata["Rights"] == "In Copyright – Educational Use Permitted"
    assert metadata["Persistent identifier"] == item.pid
    assert document["homepage"][1]["id"] == f"http://localhost/id/{item.pid}"


def test_an_item_without_rights_carries_its_films(client, demo_catalog) -> None:
    with transaction(demo_catalog) as session:
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        film.rights_uri = "http://creativecommons.org/licenses/by-nc-nd/4.0/"
        film.credit_line = "Refusenik (test credit)"
    document = _manifest(client, "interview-historian")
    assert document["rights"] == "http://creativecommons.org/licenses/by-nc-nd/4.0/"
    assert document["requiredStatement"]["value"] == {"none": ["Refusenik (test credit)"]}
    collection = client.get("/iiif/films/refusenik/collection.json").get_json(force=True)
    Collection.model_validate(collection)
    assert collection["rights"] == "http://creativecommons.org/licenses/by-nc-nd/4.0/"
    assert collection["requiredStatement"]["value"] == {"none": ["Refusenik (test credit)"]}
